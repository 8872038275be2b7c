using System.Reflection;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// The rnn-notebook command: runs one notebook or a folder of notebooks and writes the results as
/// dotnet-repl does. Exit codes: 0 all cells succeeded, 1 usage error, 2 a cell failed.
/// </summary>
public static class Cli
{
    public const int Success = 0;
    public const int UsageError = 1;
    public const int CellsFailed = 2;

    /// <summary>Runs the command with <paramref name="args"/>, writing messages to <paramref name="out"/> and <paramref name="err"/>.</summary>
    public static int Run(string[] args, TextWriter @out, TextWriter err) =>
        Task.Run(() => RunAsync(args, @out, err)).GetAwaiter().GetResult();

    /// <inheritdoc cref="Run"/>
    public static async Task<int> RunAsync(string[] args, TextWriter @out, TextWriter err, CancellationToken cancellationToken = default)
    {
        var options = CliOptions.Parse(args, out var error);
        if (options is null)
        {
            err.WriteLine(error);
            err.WriteLine("Run 'rnn-notebook --help' for the options.");
            return UsageError;
        }

        if (options.ShowHelp)
        {
            @out.WriteLine(CliOptions.HelpText);
            return Success;
        }

        if (options.ShowVersion)
        {
            var assembly = typeof(Cli).Assembly;
            @out.WriteLine(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                           ?? assembly.GetName().Version?.ToString() ?? "0.0.0");
            return Success;
        }

        var runOptions = new NotebookRunOptions
        {
            WorkingDirectory = options.WorkingDirectory is null ? null : Path.GetFullPath(options.WorkingDirectory),
            Inputs = options.Inputs,
            CellTimeout = options.CellTimeout,
        };

        return options.IsFolderRun
            ? await RunFolderAsync(options, runOptions, @out, err, cancellationToken).ConfigureAwait(false)
            : await RunSingleAsync(options, runOptions, @out, err, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunSingleAsync(CliOptions options, NotebookRunOptions runOptions, TextWriter @out, TextWriter err, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.RunPath!);
        var trxToStdout = options.OutputFormat == OutputFormat.trx && options.OutputPath is null;
        var log = trxToStdout ? err : @out;

        NotebookRunResult result;
        try
        {
            result = await NotebookExecutor.RunFileAsync(path, runOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (NotebookFormatException e)
        {
            err.WriteLine(e.Message);
            return CellsFailed;
        }

        ReportNotebook(log, Path.GetFileName(path), result);

        if (options.OutputPath is { } outputPath)
        {
            var target = Directory.Exists(outputPath)
                ? Path.Combine(outputPath, Path.GetFileNameWithoutExtension(path) + "." + options.OutputFormat)
                : outputPath;
            WriteResult(target, [result], options.OutputFormat, root: null);
            log.WriteLine($"Wrote {target}");
        }
        else if (trxToStdout)
        {
            @out.Write(TrxWriter.ToTrx([result]));
        }

        return result.Succeeded ? Success : CellsFailed;
    }

    private static async Task<int> RunFolderAsync(CliOptions options, NotebookRunOptions runOptions, TextWriter @out, TextWriter err, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(options.RunPath!);
        var outputRoot = options.OutputPath is null ? null : Path.GetFullPath(options.OutputPath);
        var notebooks = NotebookDiscovery.Find(root, exclude: outputRoot);
        var trxToStdout = options.OutputFormat == OutputFormat.trx && outputRoot is null;
        var log = trxToStdout ? err : @out;

        if (notebooks.Count == 0)
        {
            err.WriteLine($"No .ipynb notebooks found under '{options.RunPath}'.");
            return UsageError;
        }

        var rows = new List<RunSummary.Row>();
        var results = new List<NotebookRunResult>();
        foreach (var path in notebooks)
        {
            var name = Path.GetRelativePath(root, path).Replace('\\', '/');
            log.WriteLine($"Running {name}");
            try
            {
                var result = await NotebookExecutor.RunFileAsync(path, runOptions, cancellationToken).ConfigureAwait(false);
                rows.Add(new RunSummary.Row(name, result));
                results.Add(result);
                ReportFailures(log, result);
                if (outputRoot is not null)
                {
                    var relative = Path.GetRelativePath(root, path);
                    var target = Path.Combine(outputRoot, Path.ChangeExtension(relative, "." + options.OutputFormat));
                    WriteResult(target, [result], options.OutputFormat, root);
                }
            }
            catch (NotebookFormatException e)
            {
                log.WriteLine($"  {e.Message}");
                rows.Add(new RunSummary.Row(name, null, e.Message));
            }
        }

        log.WriteLine();
        RunSummary.Write(log, rows);
        if (outputRoot is not null)
        {
            log.WriteLine($"Wrote results under {outputRoot}");
        }
        else if (trxToStdout)
        {
            @out.Write(TrxWriter.ToTrx(results, root));
        }

        return rows.All(r => r.Result is { Succeeded: true }) ? Success : CellsFailed;
    }

    private static void WriteResult(string target, IReadOnlyList<NotebookRunResult> results, OutputFormat format, string? root)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        if (format == OutputFormat.trx)
        {
            File.WriteAllText(target, TrxWriter.ToTrx(results, root));
        }
        else
        {
            results[0].Notebook.Save(target);
        }
    }

    private static void ReportNotebook(TextWriter log, string name, NotebookRunResult result)
    {
        ReportFailures(log, result);
        log.WriteLine($"{name}: {result.Cells.Count} code cells, {result.FailureCount} failed, {result.Duration.TotalSeconds:0.0} s");
    }

    private static void ReportFailures(TextWriter log, NotebookRunResult result)
    {
        foreach (var cell in result.Cells)
        {
            if (cell.Outcome == CellOutcome.Failed)
            {
                var message = (cell.ErrorMessage ?? "").Replace("\n", "\n      ");
                log.WriteLine($"  cell {cell.CellIndex + 1} failed: {message}");
            }
        }

        if (result.NotRunCount > 0)
        {
            log.WriteLine($"  {result.NotRunCount} cell(s) not run after a timeout");
        }
    }
}
