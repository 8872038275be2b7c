namespace RnnCourse.NotebookRunner.Scripting;

/// <summary>Routes display calls to the cell that is running in the current async flow.</summary>
internal static class NotebookDisplay
{
    internal static readonly AsyncLocal<CellOutputCollector?> Current = new();

    public static DisplayedValue Publish(object? value, string[] mimeTypes)
    {
        var collector = Current.Value
            ?? throw new InvalidOperationException("display() was called outside a running notebook cell.");
        return collector.Display(value, mimeTypes ?? []);
    }
}
