namespace RnnCourse.NotebookRunner.Scripting;

/// <summary>
/// The globals every cell sees, named as in .NET Interactive's C# kernel: <c>display(value)</c>
/// publishes a value at once (in order with Console output) and <c>HTML("...")</c> wraps raw HTML.
/// </summary>
public class ScriptGlobals
{
#pragma warning disable IDE1006 // lower-case names match .NET Interactive's globals
    /// <summary>Publishes <paramref name="value"/> as a display_data output; with <paramref name="mimeTypes"/>, only those formats (plus text/plain).</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes) => NotebookDisplay.Publish(value, mimeTypes);
#pragma warning restore IDE1006

    /// <summary>Raw HTML for <c>display</c>.</summary>
    public HtmlString HTML(string html) => new(html);
}
