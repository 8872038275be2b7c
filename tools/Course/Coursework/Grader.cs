using System.Globalization;
using System.Text.RegularExpressions;

namespace RnnCourse.CourseTool;

/// <summary>One exercise's score: full points when its test cell ran without an error, else zero and why.</summary>
public sealed record ExerciseScore(string GradeId, double Points, double MaxPoints, string Message);

/// <summary>One submission's scores, and the locked cells found edited (graded from the source anyway).</summary>
public sealed record SubmissionScore(string File, string Notebook, double Points, double MaxPoints,
    IReadOnlyList<ExerciseScore> Exercises, IReadOnlyList<string> EditedLockedCells);

/// <summary>
/// <c>course grade</c> for one submission: its locked cells (hidden tests included) restored from the source
/// notebook of the same name, run through dotnet-repl in quick mode from a scratch folder (relative <c>#r</c> paths
/// anchored at the source's folder), each test cell scored. A run cut off by the timeout (or a crash) is scored as far
/// as it got: each test cell appends its grade id to a progress file as its last statement.
/// </summary>
public sealed partial class Grader(NotebookExecutor executor, TimeSpan timeout)
{
    public SubmissionScore Grade(string submissionPath, Notebook submission, string sourcePath, Notebook source)
    {
        string name = Path.GetFileName(sourcePath);
        var exercises = Exercises.Read(source, name);
        var (graded, edited) = Restore(submission, source, name);
        ReferencePaths.Anchor(graded, Path.GetDirectoryName(Path.GetFullPath(sourcePath))!);

        DirectoryInfo scratch = Directory.CreateTempSubdirectory("course-grade-");
        try
        {
            string progress = Path.Combine(scratch.FullName, $"progress-{Guid.NewGuid():N}.txt");
            foreach (ExerciseCells exercise in exercises)
            {
                NotebookCell test = graded.Cells.Single(c => GradedCell.Of(c)?.GradeId == exercise.Test.GradeId);
                test.Source = test.Source.TrimEnd() + $"\nSystem.IO.File.AppendAllText(@\"{progress}\", \"{exercise.Test.GradeId}\\n\");";
            }
            string path = Path.Combine(scratch.FullName, name);
            graded.Save(path);
            NotebookRunResult run = executor.Run(path, new RunSettings("quick", timeout, scratch.FullName));
            var reached = File.Exists(progress) ? File.ReadAllLines(progress).ToHashSet(StringComparer.Ordinal) : [];
            var scores = exercises.Select(e => Score(e, run, reached)).ToList();
            return new SubmissionScore(submissionPath, name, scores.Sum(s => s.Points), scores.Sum(s => s.MaxPoints), scores, edited);
        }
        finally
        {
            try { scratch.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>
    /// The submission with every locked cell of the source put back (a deleted one where it was, after the cell
    /// before it), and the grade ids of the locked cells the student changed (by their recorded checksum, else by
    /// comparison with the student version of the source cell).
    /// </summary>
    internal static (Notebook Graded, IReadOnlyList<string> Edited) Restore(Notebook submission, Notebook source, string name)
    {
        var locked = GradedCell.All(source).Where(c => c.IsLocked).ToDictionary(c => c.GradeId);
        Notebook graded = submission.Clone();
        var edited = new List<string>();
        var present = new HashSet<string>();
        for (int i = 0; i < graded.Cells.Count; i++)
        {
            if (GradedCell.Of(graded.Cells[i]) is not { } cell || !locked.TryGetValue(cell.GradeId, out var original)) continue;
            present.Add(cell.GradeId);
            if (IsEdited(cell, original, name)) edited.Add(cell.GradeId);
            graded.Cells[i] = Copy(original.Cell);
        }
        foreach (GradedCell missing in locked.Values.Where(c => !present.Contains(c.GradeId)))
        {
            edited.Add(missing.GradeId);
            int after = -1;
            for (int s = source.Cells.IndexOf(missing.Cell) - 1; s >= 0 && after < 0; s--)
            {
                if (GradedCell.Of(source.Cells[s]) is { } before)
                    after = graded.Cells.FindIndex(c => GradedCell.Of(c)?.GradeId == before.GradeId);
            }
            graded.Cells.Insert(after + 1, Copy(missing.Cell));
        }
        return (graded, edited);
    }

    private static bool IsEdited(GradedCell submitted, GradedCell original, string name)
    {
        string? recorded = submitted.RecordedChecksum;
        if (recorded is not null) return recorded != submitted.ComputeChecksum();
        static string Normal(string source) => source.ReplaceLineEndings("\n").Trim();
        string studentVersion = Assigner.WithoutHiddenTests(original.Cell.Source, $"{name}, {original.GradeId}");
        return Normal(submitted.Cell.Source) != Normal(studentVersion) && Normal(submitted.Cell.Source) != Normal(original.Cell.Source);
    }

    private static NotebookCell Copy(NotebookCell cell)
    {
        var copy = new NotebookCell(cell.CellType, cell.Source) { Id = cell.Id, Metadata = (System.Text.Json.Nodes.JsonObject)cell.Metadata.DeepClone() };
        return copy;
    }

    private static ExerciseScore Score(ExerciseCells exercise, NotebookRunResult run, IReadOnlySet<string> reached)
    {
        string id = exercise.Test.GradeId;
        CellResult? test = run.Cells.FirstOrDefault(c => GradedCell.Of(c.Cell)?.GradeId == id);
        CellResult? answer = run.Cells.FirstOrDefault(c => GradedCell.Of(c.Cell)?.GradeId == exercise.Answer.GradeId);
        if (test is null or { Outcome: CellOutcome.NotRun })
            return reached.Contains(id) ? new(id, exercise.Points, exercise.Points, "")
                : new(id, 0, exercise.Points, $"not run: {run.ProcessFailure ?? "the test cell is empty"}");
        if (test.Outcome == CellOutcome.Passed) return new(id, exercise.Points, exercise.Points, "");
        string message = answer is { Outcome: CellOutcome.Failed } && !Clean(test.ErrorMessage).Contains("not attempted", StringComparison.Ordinal)
            ? $"your answer cell failed: {Clean(answer.ErrorMessage)}"
            : Clean(test.ErrorMessage);
        return new(id, 0, exercise.Points, message);
    }

    /// <summary>An error's first line without the exception's type name: "Exercise 3.1, ElmanStep: h has shape ...".</summary>
    internal static string Clean(string? message) => ExceptionType().Replace(message ?? "error", "");

    [GeneratedRegex(@"^[A-Za-z_][\w.]*(Exception|Error): ")]
    private static partial Regex ExceptionType();
}

/// <summary>Writes scores as JSON (<c>{"submissions": [...]}</c>), the same as CSV, and a table.</summary>
public static class GradeReport
{
    public static string ToJson(IReadOnlyList<SubmissionScore> scores)
    {
        var root = new System.Text.Json.Nodes.JsonObject
        {
            ["submissions"] = new System.Text.Json.Nodes.JsonArray(scores.Select(s => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonObject
            {
                ["file"] = s.File,
                ["notebook"] = s.Notebook,
                ["points"] = s.Points,
                ["max_points"] = s.MaxPoints,
                ["exercises"] = new System.Text.Json.Nodes.JsonArray(s.Exercises.Select(e => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonObject
                {
                    ["grade_id"] = e.GradeId,
                    ["points"] = e.Points,
                    ["max_points"] = e.MaxPoints,
                    ["message"] = e.Message,
                }).ToArray()),
                ["edited_locked_cells"] = new System.Text.Json.Nodes.JsonArray(s.EditedLockedCells.Select(id => (System.Text.Json.Nodes.JsonNode?)id).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>One row per exercise: file, notebook, grade_id, points, max_points, message (RFC 4180 quoting).</summary>
    public static string ToCsv(IReadOnlyList<SubmissionScore> scores)
    {
        var csv = new System.Text.StringBuilder("file,notebook,grade_id,points,max_points,message\n");
        foreach (SubmissionScore s in scores)
            foreach (ExerciseScore e in s.Exercises)
                csv.AppendJoin(',', Quote(s.File), Quote(s.Notebook), Quote(e.GradeId), Number(e.Points), Number(e.MaxPoints), Quote(e.Message)).Append('\n');
        return csv.ToString();
    }

    public static void WriteTable(TextWriter output, IReadOnlyList<SubmissionScore> scores)
    {
        foreach (SubmissionScore s in scores)
        {
            output.WriteLine($"{s.File}: {Number(s.Points)} / {Number(s.MaxPoints)} points");
            foreach (ExerciseScore e in s.Exercises)
                output.WriteLine($"  {e.GradeId,-24} {Number(e.Points),5} / {Number(e.MaxPoints),-5} {e.Message}");
            if (s.EditedLockedCells.Count > 0)
                output.WriteLine($"  edited locked cells (graded from the source): {string.Join(", ", s.EditedLockedCells)}");
        }
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
