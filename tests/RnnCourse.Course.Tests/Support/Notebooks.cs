namespace RnnCourse.CourseTool.Tests.Support;

/// <summary>Test notebooks.</summary>
public static class Notebooks
{
    /// <summary>A C# Polyglot notebook with one code cell per source.</summary>
    public static Notebook OfCells(params string[] sources)
    {
        var notebook = Notebook.Create();
        foreach (var source in sources) notebook.Code(source);
        return notebook;
    }
}
