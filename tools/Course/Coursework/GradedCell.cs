using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RnnCourse.CourseTool;

/// <summary>
/// A cell's nbgrader metadata (<c>metadata.nbgrader</c>, schema 3): an answer cell (<c>solution</c>), a test cell
/// (<c>grade</c>, with <c>points</c>) or another cell the student must not change (<c>locked</c>), named by its
/// <c>grade_id</c>. Answer cells are <c>exercise-N.M</c>, their test cells <c>exercise-N.M-check</c>.
/// </summary>
public sealed partial class GradedCell
{
    private GradedCell(NotebookCell cell, JsonObject metadata)
    {
        Cell = cell;
        Metadata = metadata;
    }

    public NotebookCell Cell { get; }

    /// <summary>metadata.nbgrader.</summary>
    public JsonObject Metadata { get; }

    public string GradeId => Metadata["grade_id"]?.GetValue<string>() ?? "";

    public bool IsAnswer => Flag("solution");

    public bool IsTest => Flag("grade");

    public bool IsLocked => Flag("locked");

    public double Points => Metadata["points"] is JsonValue v && v.TryGetValue(out double points) ? points : 0;

    /// <summary>The checksum <c>course assign</c> recorded, or null.</summary>
    public string? RecordedChecksum => Metadata["checksum"] is JsonValue v && v.TryGetValue(out string? checksum) ? checksum : null;

    /// <summary>"3.1" for exercise-3.1 and exercise-3.1-check; null for other ids.</summary>
    public string? ExerciseNumber => ExerciseId().Match(GradeId) is { Success: true } m ? m.Groups["number"].Value : null;

    /// <summary>The cell's nbgrader view, or null when it has no nbgrader metadata.</summary>
    public static GradedCell? Of(NotebookCell cell) =>
        cell.Metadata["nbgrader"] is JsonObject metadata ? new GradedCell(cell, metadata) : null;

    /// <summary>Every cell of <paramref name="notebook"/> with nbgrader metadata, in order.</summary>
    public static IReadOnlyList<GradedCell> All(Notebook notebook) =>
        notebook.Cells.Select(Of).OfType<GradedCell>().ToList();

    /// <summary>
    /// SHA-256 of what must not change in a locked cell: its type, grade id, flags, points and source (line endings
    /// and trailing spaces normalised), as nbgrader checksums cells (it uses MD5).
    /// </summary>
    public string ComputeChecksum()
    {
        string source = string.Join("\n", Cell.Source.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim();
        string canonical = string.Join("\n", Cell.CellType, GradeId, IsTest, IsAnswer, IsLocked,
            Points.ToString(CultureInfo.InvariantCulture), source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private bool Flag(string name) => Metadata[name] is JsonValue v && v.TryGetValue(out bool flag) && flag;

    [GeneratedRegex(@"^exercise-(?<number>\d+\.\d+)(-check)?$")]
    private static partial Regex ExerciseId();
}
