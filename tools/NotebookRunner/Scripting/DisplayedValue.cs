namespace RnnCourse.NotebookRunner.Scripting;

/// <summary>
/// A value published by <c>display(...)</c>. <see cref="Update"/> replaces the published output in
/// place, as .NET Interactive's DisplayedValue.Update does (for progress shown during a cell).
/// </summary>
public sealed class DisplayedValue
{
    private readonly Action<object?> _update;

    internal DisplayedValue(string displayId, string[] mimeTypes, Action<object?> update)
    {
        DisplayId = displayId;
        MimeTypes = mimeTypes;
        _update = update;
    }

    /// <summary>An id for this output, unique within the run.</summary>
    public string DisplayId { get; }

    /// <summary>The MIME types asked for when it was displayed; empty for the defaults.</summary>
    public IReadOnlyList<string> MimeTypes { get; }

    /// <summary>Formats <paramref name="value"/> and replaces the output with it.</summary>
    public void Update(object? value) => _update(value);
}
