using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;
using RnnCourse.NotebookRunner.Scripting;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Runs a notebook's C# cells in order in one Roslyn script state, so each cell continues the
/// previous one as in a Polyglot C# kernel. Every cell runs even after one fails. A cell that runs
/// past <see cref="NotebookRunOptions.CellTimeout"/> fails and the run stops there: running code
/// cannot be stopped from outside, so later cells would see half-done state; they are reported as
/// not run.
/// </summary>
public static class NotebookExecutor
{
    private static readonly HashSet<string> CSharpKernelNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#" };

    /// <summary>Reads and runs the notebook at <paramref name="path"/>; the file is not changed.</summary>
    public static Task<NotebookRunResult> RunFileAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(Notebook.Load(path), Path.GetFullPath(path), options, cancellationToken);

    /// <summary>
    /// Runs a copy of <paramref name="notebook"/> and returns it with outputs. <paramref name="path"/>
    /// (optional) is where the notebook lives; its folder is the working directory unless
    /// <see cref="NotebookRunOptions.WorkingDirectory"/> says otherwise.
    /// </summary>
    public static async Task<NotebookRunResult> RunAsync(
        Notebook notebook, string? path = null, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var executed = notebook.Clone();
        var workingDirectory = Path.GetFullPath(
            options.WorkingDirectory
            ?? (path is not null ? Path.GetDirectoryName(Path.GetFullPath(path)) : null)
            ?? Environment.CurrentDirectory);
        var runStart = DateTimeOffset.Now;
        var results = new List<CellResult>();
        var defaultKernel = executed.DefaultKernelName;

        var scriptOptions = ScriptEnvironment.Create(workingDirectory);
        using var loader = new InteractiveAssemblyLoader();
        var globals = new ScriptGlobals();
        ScriptState<object>? state = null;
        var executionCount = 0;
        var stopped = false;

        for (var index = 0; index < executed.Cells.Count; index++)
        {
            var cell = executed.Cells[index];
            if (!cell.IsCode)
            {
                continue;
            }

            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (string.IsNullOrWhiteSpace(cell.Source))
            {
                continue;
            }

            var start = DateTimeOffset.Now;
            if (stopped)
            {
                results.Add(new CellResult(index, cell, CellOutcome.NotRun, start, start, "Not run: an earlier cell timed out.", []));
                continue;
            }

            cell.ExecutionCount = ++executionCount;
            var collector = new CellOutputCollector();
            var kernel = cell.KernelName ?? defaultKernel;

            if (!CSharpKernelNames.Contains(kernel))
            {
                collector.AddError(ErrorOutputs.Message(
                    $"This cell is for the '{kernel}' kernel; this runner runs C# cells only. " +
                    "Set the cell's language to C# or remove it from notebooks that must run headless."));
            }
            else
            {
                var prepared = CellPreprocessor.Process(cell.Source, options.Inputs);
                if (prepared.Errors.Count > 0)
                {
                    collector.AddError(ErrorOutputs.Message(string.Join("\n", prepared.Errors) + "\nThe cell was not run."));
                }
                else
                {
                    state ??= await CreateInitialStateAsync(scriptOptions, loader, globals, workingDirectory, cancellationToken).ConfigureAwait(false);
                    var outcome = await RunCellAsync(state, prepared.Code, scriptOptions, collector, executionCount, workingDirectory, options.CellTimeout, cancellationToken)
                        .ConfigureAwait(false);
                    state = outcome.State ?? state;
                    stopped = outcome.TimedOut;
                }
            }

            var outputs = collector.Seal();
            cell.Outputs.AddRange(outputs);
            var error = outputs.FirstOrDefault(o => o.IsError);
            results.Add(new CellResult(
                index, cell, error is null ? CellOutcome.Passed : CellOutcome.Failed, start, DateTimeOffset.Now,
                error?.ErrorValue, error?.Traceback ?? []));
        }

        return new NotebookRunResult(path, executed, results, runStart, DateTimeOffset.Now);
    }

    private sealed record CellRun(ScriptState<object>? State, bool TimedOut);

    private static async Task<ScriptState<object>> CreateInitialStateAsync(
        ScriptOptions options, InteractiveAssemblyLoader loader, ScriptGlobals globals, string workingDirectory, CancellationToken cancellationToken)
    {
        var script = CSharpScript.Create("", options, typeof(ScriptGlobals), loader);
        return await InDirectory(workingDirectory, () => script.RunAsync(globals, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<CellRun> RunCellAsync(
        ScriptState<object> state, string code, ScriptOptions options, CellOutputCollector collector,
        int executionCount, string workingDirectory, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = workingDirectory;
        using var capture = ConsoleCapture.Install();
        try
        {
            var run = Task.Run(async () =>
            {
                NotebookDisplay.Current.Value = collector;
                return await state.ContinueWithAsync(code, options, _ => true, cancellationToken).ConfigureAwait(false);
            }, cancellationToken);

            if (timeout is { } limit)
            {
                var finished = await Task.WhenAny(run, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
                if (finished != run)
                {
                    _ = run.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    collector.Seal();
                    collector.AddError(ErrorOutputs.Message(
                        $"The cell timed out after {limit.TotalSeconds:0.###} s (--cell-timeout). Running code cannot be stopped from outside, " +
                        "so the notebook stopped here and the remaining cells were not run. Make the cell faster (a quick mode for CI) or raise the limit."));
                    return new CellRun(null, TimedOut: true);
                }
            }

            ScriptState<object> next;
            try
            {
                next = await run.ConfigureAwait(false);
            }
            catch (CompilationErrorException e)
            {
                collector.AddError(ErrorOutputs.Compilation(e));
                return new CellRun(null, false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                collector.AddError(ErrorOutputs.Exception(e));
                return new CellRun(null, false);
            }

            if (next.Exception is { } thrown)
            {
                collector.AddError(ErrorOutputs.Exception(thrown));
                return new CellRun(next, false);
            }

            PublishReturnValue(next, collector, executionCount);
            return new CellRun(next, false);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
    }

    /// <summary>The value of a trailing expression (no semicolon) becomes an execute_result, as in a notebook.</summary>
    private static void PublishReturnValue(ScriptState<object> state, CellOutputCollector collector, int executionCount)
    {
        var value = state.ReturnValue;
        if (value is DisplayedValue)
        {
            return;
        }

        if (value is null && !HasValuedTrailingExpression(state.Script))
        {
            return;
        }

        try
        {
            collector.AddExecuteResult(executionCount, DisplayFormatter.Format(value));
        }
        catch (FormatterException e)
        {
            collector.AddError(ErrorOutputs.Message(e.Message));
        }
        catch (Exception e)
        {
            collector.AddError(ErrorOutputs.Exception(e));
        }
    }

    private static bool HasValuedTrailingExpression(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax root ||
            root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement } ||
            !statement.SemicolonToken.IsMissing)
        {
            return false;
        }

        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static async Task<T> InDirectory<T>(string directory, Func<Task<T>> action)
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory;
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
