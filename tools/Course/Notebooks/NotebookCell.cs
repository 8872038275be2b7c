using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>
/// One notebook cell. <see cref="Source"/> is held as a single string; on disk it is written as a
/// list of lines, as Jupyter does. Keys this model does not know (attachments, ...) stay in
/// <see cref="ExtraProperties"/> and are written back unchanged.
/// </summary>
public sealed class NotebookCell
{
    public const string CodeType = "code";
    public const string MarkdownType = "markdown";
    public const string RawType = "raw";

    public NotebookCell(string cellType, string source = "")
    {
        CellType = cellType;
        Source = source;
    }

    /// <summary>The cell id (nbformat 4.5+): 1-64 characters of letters, digits, '-' and '_'.</summary>
    public string? Id { get; set; }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType { get; set; }

    /// <summary>The cell's text, lines joined with their newlines.</summary>
    public string Source { get; set; }

    /// <summary>Cell metadata, kept as read.</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>Execution count of a code cell; null before it runs.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Outputs of a code cell.</summary>
    public List<NotebookOutput> Outputs { get; } = new();

    /// <summary>Keys other than the ones above, kept as read.</summary>
    public JsonObject ExtraProperties { get; } = new();

    public bool IsCode => CellType == CodeType;

    /// <summary>
    /// The kernel that runs this cell: metadata.polyglot_notebook.kernelName, else
    /// metadata.dotnet_interactive.language, else null (the notebook's default).
    /// </summary>
    public string? KernelName
    {
        get
        {
            if (Metadata["polyglot_notebook"]?["kernelName"] is JsonValue k && k.TryGetValue(out string? name))
            {
                return name;
            }

            if (Metadata["dotnet_interactive"]?["language"] is JsonValue l && l.TryGetValue(out string? language))
            {
                return language;
            }

            return null;
        }
    }

    /// <summary>A C# code cell with the metadata Polyglot Notebooks writes.</summary>
    public static NotebookCell Code(string source, string? id = null) =>
        new(CodeType, source) { Id = id, Metadata = PolyglotMetadata.CreateCodeCellMetadata() };

    /// <summary>A markdown cell.</summary>
    public static NotebookCell Markdown(string source, string? id = null) =>
        new(MarkdownType, source) { Id = id };

    /// <summary>The source split after each newline, as Jupyter stores it.</summary>
    public IReadOnlyList<string> SourceLines => TextLines.Split(Source);
}
