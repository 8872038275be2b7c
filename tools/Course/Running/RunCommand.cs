using System.Globalization;
using RnnCourse.Data;
using RnnCourse.Files;

namespace RnnCourse.CourseTool;

/// <summary>What <c>course run</c> was asked to do; <paramref name="Data"/> resolves the corpora fetched before any notebook runs (null: none).</summary>
public sealed record RunRequest(
    IReadOnlyList<string> Paths,
    string Mode,
    string? OutputPath,
    bool InPlace,
    string Format,
    TimeSpan? Timeout,
    CorpusResolver? Data);

/// <summary>
/// <c>course run</c>: each notebook through dotnet-repl from its own folder, one after another; a notebook that
/// fails, or whose kernel crashes, is that notebook's failure and the others still run. Prints each failed cell,
/// then a table (notebook, cells, failures, seconds); returns 0 when every cell of every notebook succeeded.
/// </summary>
public sealed class RunCommand(string repositoryRoot, TextWriter output, TextWriter error)
{
    public int Execute(RunRequest request)
    {
        if (request.InPlace && request.OutputPath is not null)
            throw new UsageException("--in-place and --output-path exclude each other: update the notebooks or write copies, not both.");
        if (request.Format == "trx" && request.OutputPath is null)
            throw new UsageException("--output-format trx needs --output-path, the folder the .trx files go to.");
        if (request.Format == "trx" && request.InPlace)
            throw new UsageException("--in-place writes notebooks; it cannot be combined with --output-format trx.");

        IReadOnlyList<NotebookEntry> notebooks = NotebookDiscovery.Resolve(
            request.Paths.Count > 0 ? request.Paths : [Path.Combine(repositoryRoot, "notebooks")]);
        string? outputFolder = request.OutputPath is null ? null : OutputFolder.Prepare(request.OutputPath, "--output-path");
        var executor = new NotebookExecutor(DotnetRepl.Locate(repositoryRoot));
        if (request.Data is not null) CourseData.Ensure(request.Data, output);

        var rows = new List<RunSummary.Row>();
        bool writeFailed = false;
        foreach (NotebookEntry notebook in notebooks)
        {
            output.WriteLine($"== {notebook.Name} ({request.Mode} mode)");
            NotebookRunResult result;
            try
            {
                result = executor.Run(notebook.Path, new RunSettings(request.Mode, request.Timeout));
            }
            catch (NotebookFormatException e)
            {
                error.WriteLine(e.Message);
                rows.Add(new RunSummary.Row(notebook.Name, null, e.Message));
                continue;
            }
            Report(notebook, result);
            rows.Add(new RunSummary.Row(notebook.Name, result));
            writeFailed |= !Write(notebook, result, request, outputFolder);
        }

        RunSummary.Write(output, rows);
        return rows.All(r => r.Result is { Succeeded: true }) && !writeFailed ? CourseCli.Success : CourseCli.Failures;
    }

    private void Report(NotebookEntry notebook, NotebookRunResult result)
    {
        foreach (CellResult cell in result.Cells.Where(c => c.Outcome == CellOutcome.Failed))
        {
            output.WriteLine($"{notebook.Name}: cell {cell.CellIndex + 1} failed: {cell.ErrorMessage}");
            foreach (string line in cell.ErrorDetails.Take(6)) output.WriteLine($"    {line}");
        }
        if (result.ProcessFailure is not null) output.WriteLine($"{notebook.Name}: {result.ProcessFailure}");
        string notRun = result.NotRunCount > 0 ? $", {result.NotRunCount} not run" : "";
        output.WriteLine($"{notebook.Name}: {result.Cells.Count} cells, {result.FailureCount} failed{notRun}, " +
            $"{result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
    }

    /// <summary>Writes the executed notebook (or its TRX file) atomically; false, with a message, when it could not.</summary>
    private bool Write(NotebookEntry notebook, NotebookRunResult result, RunRequest request, string? outputFolder)
    {
        string? target = request.InPlace ? notebook.Path
            : outputFolder is null ? null
            : Path.Combine(outputFolder, request.Format == "trx" ? Path.ChangeExtension(notebook.Name, ".trx") : notebook.Name);
        if (target is null) return true;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.WriteAllText(target, request.Format == "trx" ? TrxWriter.ToTrx([result]) : result.Notebook.ToJson());
            output.WriteLine($"{notebook.Name}: written to {target}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{notebook.Name}: could not write {target} ({e.Message}); the file there, if any, is unchanged.");
            return false;
        }
    }
}
