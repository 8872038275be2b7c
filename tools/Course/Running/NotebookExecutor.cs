using System.Globalization;
using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>How one notebook is run.</summary>
/// <param name="Mode">RNN_COURSE_MODE for the kernel: "quick" or "full".</param>
/// <param name="Timeout">Longest the notebook may run; null for no limit.</param>
/// <param name="WorkingDirectory">The kernel's current directory; null for the notebook's own folder (as VS Code).</param>
public sealed record RunSettings(string Mode, TimeSpan? Timeout = null, string? WorkingDirectory = null);

/// <summary>
/// Runs a notebook through dotnet-repl and returns the source notebook with the kernel's outputs: cell ids and
/// metadata stay as in the source (dotnet-repl drops the ids and adds timing metadata), code cells are numbered as
/// Polyglot Notebooks numbers them, and each non-empty code cell gets a <see cref="CellResult"/>.
/// </summary>
public sealed class NotebookExecutor(DotnetRepl repl)
{
    private const string StartTimeKey = "dotnet_repl_cellExecutionStartTime";
    private const string EndTimeKey = "dotnet_repl_cellExecutionEndTime";

    /// <exception cref="NotebookFormatException">The file is not a notebook.</exception>
    public NotebookRunResult Run(string notebookPath, RunSettings settings)
    {
        string path = Path.GetFullPath(notebookPath);
        Notebook source = Notebook.Load(path);
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("course-run-");
        try
        {
            string executedPath = Path.Combine(scratch.FullName, Path.GetFileName(path));
            var environment = new Dictionary<string, string> { [RnnCourse.Course.ModeVariable] = settings.Mode };
            DateTimeOffset start = DateTimeOffset.Now;
            ReplExit exit = repl.Run(path, executedPath, settings.WorkingDirectory ?? Path.GetDirectoryName(path)!, environment, settings.Timeout);
            DateTimeOffset end = DateTimeOffset.Now;

            Notebook? executed = null;
            string? failure = null;
            if (File.Exists(executedPath))
            {
                try { executed = Notebook.Load(executedPath); }
                catch (NotebookFormatException e) { failure = $"dotnet-repl wrote an unreadable notebook: {e.Message}"; }
            }
            if (exit.TimedOut)
                failure = $"stopped after {settings.Timeout!.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (the timeout)";
            else if (exit.ExitCode is not (0 or 2) || (executed is null && failure is null))
                failure = $"dotnet-repl exited with code {exit.ExitCode} {(executed is null ? "without writing the notebook" : "")}".TrimEnd() + LastLines(exit.Log);
            else if (executed is not null && !SameCells(source, executed))
                failure = $"dotnet-repl returned {executed.Cells.Count} cells for the notebook's {source.Cells.Count}";
            if (failure is not null && !SameCells(source, executed)) executed = null;

            return Merge(path, source, executed, start, end, failure);
        }
        finally
        {
            try { scratch.Delete(recursive: true); }
            catch (IOException) { } // a leftover temporary folder is harmless
        }
    }

    private static bool SameCells(Notebook source, Notebook? executed) =>
        executed is not null && executed.Cells.Count == source.Cells.Count &&
        executed.Cells.Zip(source.Cells).All(p => p.First.CellType == p.Second.CellType);

    /// <summary>The source with the executed outputs; cells the kernel never reported are "not run".</summary>
    private static NotebookRunResult Merge(string path, Notebook source, Notebook? executed, DateTimeOffset start, DateTimeOffset end, string? failure)
    {
        Notebook result = source.Clone();
        // Polyglot's own notebook metadata, whatever the source had: dotnet-repl's extra language_info fields have
        // been reported to crash VS Code's C# language server (jonsequitur/dotnet-repl#88, dotnet/interactive#3335).
        JsonObject polyglot = PolyglotMetadata.CreateNotebookMetadata();
        result.Metadata["kernelspec"] = polyglot["kernelspec"]!.DeepClone();
        result.Metadata["language_info"] = polyglot["language_info"]!.DeepClone();
        if (result.Metadata["polyglot_notebook"]?["kernelInfo"] is null) result.Metadata["polyglot_notebook"] = polyglot["polyglot_notebook"]!.DeepClone();
        var cells = new List<CellResult>();
        int count = 0;
        for (int i = 0; i < result.Cells.Count; i++)
        {
            NotebookCell cell = result.Cells[i];
            if (!cell.IsCode) continue;
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (string.IsNullOrWhiteSpace(cell.Source)) continue;

            NotebookCell? ran = executed?.Cells[i];
            if (ran is null)
            {
                cells.Add(new CellResult(i, cell, CellOutcome.NotRun, end, end, failure, []));
                continue;
            }
            cell.ExecutionCount = ++count;
            cell.Outputs.AddRange(ran.Outputs);
            NotebookOutput? error = ran.Outputs.FirstOrDefault(o => o.IsError);
            var (message, details) = error is null ? (null, Array.Empty<string>()) : Describe(error);
            cells.Add(new CellResult(i, cell, error is null ? CellOutcome.Passed : CellOutcome.Failed,
                Time(ran, StartTimeKey) ?? start, Time(ran, EndTimeKey) ?? start, message, details));
        }
        return new NotebookRunResult(path, result, cells, start, end, failure);
    }

    /// <summary>
    /// The first line of an error (the compiler's message, or the exception's type and message) and the rest: further
    /// compiler messages, or the stack trace without the kernel's own frames.
    /// </summary>
    internal static (string Message, string[] Details) Describe(NotebookOutput error)
    {
        string[] lines = (error.ErrorValue ?? error.ErrorName ?? "error").Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string[] details = lines.Skip(1)
            .Where(l => l.Length > 0 && !l.StartsWith("--- End of stack trace", StringComparison.Ordinal) && !l.Contains(" Microsoft.CodeAnalysis.", StringComparison.Ordinal))
            .ToArray();
        return (lines[0], details);
    }

    private static DateTimeOffset? Time(NotebookCell cell, string key) =>
        cell.Metadata[key] is JsonValue v && v.TryGetValue(out string? text) &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static string LastLines(string log)
    {
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("   at ", StringComparison.Ordinal)).TakeLast(3).ToArray();
        return lines.Length == 0 ? "" : ": " + string.Join(" / ", lines);
    }
}
