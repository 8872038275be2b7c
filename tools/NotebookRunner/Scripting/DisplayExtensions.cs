namespace RnnCourse.NotebookRunner.Scripting;

/// <summary><c>value.Display()</c>, as .NET Interactive's extension method of the same name.</summary>
public static class DisplayExtensions
{
    /// <summary>Publishes <paramref name="value"/> as a display_data output of the running cell.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => NotebookDisplay.Publish(value, mimeTypes);
}
