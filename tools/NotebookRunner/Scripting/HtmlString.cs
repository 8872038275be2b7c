namespace RnnCourse.NotebookRunner.Scripting;

/// <summary>Raw HTML to display as is (text/html), as .NET Interactive's <c>HTML("...")</c> returns.</summary>
public sealed class HtmlString
{
    public HtmlString(string value)
    {
        Value = value ?? "";
    }

    public string Value { get; }

    public override string ToString() => Value;
}
