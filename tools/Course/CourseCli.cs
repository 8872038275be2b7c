using System.CommandLine;
using System.Globalization;
using RnnCourse.Data;

namespace RnnCourse.CourseTool;

/// <summary>
/// The <c>course</c> command: what dotnet-repl lacks for running and teaching the course. <c>run</c> executes
/// chapters through dotnet-repl, <c>data</c> fetches the corpora, <c>assign</c> makes student versions,
/// <c>grade</c> scores submissions, <c>check-exercises</c> proves a chapter's exercises grade as they should and <c>results</c>
/// rewrites the README's results table from results/perplexity.csv.
/// Exit codes: 0 done (for grade: grading ran, whatever the scores), 1 a wrong command line or output location, 2 a
/// notebook failed, could not be graded or an exercise check did not hold, 3 something the course needs is missing
/// (dotnet-repl, a corpus).
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

        var assignNotebooks = new Argument<string[]>("NOTEBOOK") { Description = "Chapter notebooks with their solutions.", Arity = ArgumentArity.OneOrMore };
        var assignOut = new Option<string>("--out") { Description = "The folder the student versions go to (made when missing).", HelpName = "DIR", Required = true };
        var assign = new Command("assign", "Make student versions: outputs cleared, answers replaced by stubs, hidden tests removed, locked cells checksummed.")
        {
            assignNotebooks, assignOut,
        };
        assign.SetAction(p => Guarded(error, root => new CourseworkCommands(root, output, CorpusResolver.FromEnvironment()).Assign(p.GetValue(assignNotebooks)!, p.GetValue(assignOut)!)));

        var submissions = new Argument<string[]>("SUBMISSION") { Description = "Students' notebooks, each named as its chapter.", Arity = ArgumentArity.OneOrMore };
        var source = new Option<string>("--source") { Description = "The folder of the chapter notebooks with their solutions and hidden tests.", HelpName = "DIR", Required = true };
        var gradeOut = new Option<string>("--out") { Description = "The JSON file of scores; the same goes to a .csv beside it.", HelpName = "FILE.json", Required = true };
        var gradeTimeout = new Option<double>("--timeout") { Description = "Seconds a submission may run; one that runs longer is stopped and scored as far as it got.", HelpName = "SECONDS", DefaultValueFactory = _ => 600 };
        var grade = new Command("grade", "Score submissions: locked cells restored from the source, run in quick mode through dotnet-repl, each test cell full points or zero with the first error.")
        {
            submissions, source, gradeOut, gradeTimeout,
        };
        grade.SetAction(p => Guarded(error, root => new CourseworkCommands(root, output, CorpusResolver.FromEnvironment()).Grade(
            p.GetValue(submissions)!, p.GetValue(source)!, p.GetValue(gradeOut)!, Seconds(p.GetValue(gradeTimeout))!.Value)));

        var checkPaths = new Argument<string[]>("NOTEBOOK") { Description = "Chapter notebooks (default: every chapter).", Arity = ArgumentArity.ZeroOrMore };
        var checkTimeout = new Option<double>("--timeout") { Description = "Seconds each grading run may take.", HelpName = "SECONDS", DefaultValueFactory = _ => 600 };
        var check = new Command("check-exercises", "Check that each chapter's exercises grade as they should: the chapter in full marks, its student version in zero (not attempted), every known mistake caught with its message.")
        {
            checkPaths, checkTimeout,
        };
        check.SetAction(p => Guarded(error, root => new CourseworkCommands(root, output, CorpusResolver.FromEnvironment()).CheckExercises(
            p.GetValue(checkPaths) ?? [], Seconds(p.GetValue(checkTimeout))!.Value)));

        var resultsCsv = new Option<string?>("--csv") { Description = "The results to read (default: results/perplexity.csv).", HelpName = "FILE" };
        var resultsReadme = new Option<string?>("--readme") { Description = "The README to rewrite (default: README.md).", HelpName = "FILE" };
        var resultsCheck = new Option<bool>("--check") { Description = "Only compare: exit 2 when the README's table differs from the CSV." };
        var results = new Command("results", "Rewrite the README's results table (between <!-- results:begin --> and <!-- results:end -->) from results/perplexity.csv.")
        {
            resultsCsv, resultsReadme, resultsCheck,
        };
        results.SetAction(p => Guarded(error, root => new ResultsCommand(root, output, error).Execute(p.GetValue(resultsCsv), p.GetValue(resultsReadme), p.GetValue(resultsCheck))));

        return new RootCommand("course: run the RNN course's chapters headless, fetch their data, make student versions, grade submissions and tabulate results.")
        {
            run, data, assign, grade, check, results,
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
        catch (CourseworkException e)
        {
            error.WriteLine($"course: {e.Message}");
            return Failures;
        }
    }
}
