using System.CommandLine;
using System.Globalization;
using RnnCourse.Data;

namespace RnnCourse.CourseTool;

/// <summary>
/// The <c>course</c> command: what dotnet-repl lacks for running and teaching the course. <c>run</c> executes
/// chapters through dotnet-repl, <c>data</c> fetches the corpora, <c>assign</c> makes student versions and
/// <c>grade</c> scores submissions. Exit codes: 0 done, 1 a wrong command line or output location, 2 a notebook
/// failed, 3 something the course needs is missing (dotnet-repl, a corpus).
/// </summary>
public static class CourseCli
{
    public const int Success = 0;
    public const int UsageError = 1;
    public const int Failures = 2;
    public const int SetupError = 3;

    /// <summary>Runs the command line <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ParseResult parsed = BuildCommand(output, error).Parse(args);
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The command tree; actions write to the given writers.</summary>
    public static RootCommand BuildCommand(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Notebooks, or folders searched for *.ipynb (default: every chapter under notebooks/).", Arity = ArgumentArity.ZeroOrMore };
        var mode = new Option<string?>("--mode") { Description = $"quick (small data, few steps: CI) or full (the chapter's real results). Default: {RnnCourse.Course.ModeVariable}, else full.", HelpName = "quick|full" }.AcceptOnlyFromAmong("quick", "full");
        var outputPath = new Option<string?>("--output-path") { Description = "Write the executed notebooks (or .trx files) to this folder, keeping their names.", HelpName = "DIR" };
        var inPlace = new Option<bool>("--in-place") { Description = "Write the executed notebooks over the ones that ran (how the committed outputs are made)." };
        var format = new Option<string>("--output-format") { Description = "ipynb: the executed notebooks; trx: a test-results file per notebook, one test per cell.", DefaultValueFactory = _ => "ipynb" }.AcceptOnlyFromAmong("ipynb", "trx");
        var timeout = new Option<double?>("--timeout") { Description = "Stop a notebook that runs longer than this many seconds (it fails; the next one runs).", HelpName = "SECONDS" };
        var noData = new Option<bool>("--no-data") { Description = "Do not fetch the corpora first (for notebooks that read none)." };
        var run = new Command("run", "Run notebooks headless through dotnet-repl, each from its own folder, and print a table of cells, failures and seconds.")
        {
            paths, mode, outputPath, inPlace, format, timeout, noData,
        };
        run.SetAction(p => Guarded(error, root => new RunCommand(root, output, error).Execute(new RunRequest(
            p.GetValue(paths) ?? [],
            p.GetValue(mode) ?? EnvironmentMode(),
            p.GetValue(outputPath),
            p.GetValue(inPlace),
            p.GetValue(format)!,
            Seconds(p.GetValue(timeout)),
            p.GetValue(noData) ? null : CorpusResolver.FromEnvironment()))));

        var data = new Command("data", "Fetch every corpus the chapters read (once; checked by SHA-256). Set RNN_COURSE_DATA to a folder that holds them to work offline.");
        data.SetAction(_ => Guarded(error, _ =>
        {
            CourseData.Ensure(CorpusResolver.FromEnvironment(), output);
            return Success;
        }));

        return new RootCommand("course: run the RNN course's chapters headless, fetch their data, make student versions and grade submissions.")
        {
            run, data,
        };
    }

    private static string EnvironmentMode()
    {
        try { return RnnCourse.Course.Mode; }
        catch (InvalidOperationException e) { throw new UsageException(e.Message); }
    }

    private static TimeSpan? Seconds(double? seconds)
    {
        if (seconds is null) return null;
        if (!(seconds > 0) || double.IsInfinity(seconds.Value))
            throw new UsageException($"--timeout {seconds.Value.ToString(CultureInfo.InvariantCulture)} is not a number of seconds above 0.");
        return TimeSpan.FromSeconds(seconds.Value);
    }

    /// <summary>Runs <paramref name="action"/> with the repository root and turns expected failures into one line and an exit code.</summary>
    private static int Guarded(TextWriter error, Func<string, int> action)
    {
        try
        {
            return action(RepositoryRoot.Find());
        }
        catch (UsageException e)
        {
            error.WriteLine($"course: {e.Message}");
            return UsageError;
        }
        catch (SetupException e)
        {
            error.WriteLine($"course: {e.Message}");
            return SetupError;
        }
    }
}
