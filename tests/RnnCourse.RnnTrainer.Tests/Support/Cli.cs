namespace RnnCourse.RnnTrainer.Tests.Support;

/// <summary>Runs rnn-train in process and keeps what it wrote.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The lines written to the error stream.</summary>
        public string[] ErrorLines => Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    public static Result Run(params string[] args) => Run(CancellationToken.None, args);

    /// <summary>Runs with <paramref name="stop"/> as the request to stop that SIGINT makes.</summary>
    public static Result Run(CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TrainerCli.Run(args, output, error, stop);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs, and requests a stop (as SIGINT does) as soon as the output contains <paramref name="text"/>.</summary>
    public static Result RunStoppedAt(string text, params string[] args)
    {
        using var stop = new CancellationTokenSource();
        var output = new Watched(text, stop);
        var error = new StringWriter();
        int code = TrainerCli.Run(args, output, error, stop.Token);
        return new Result(code, output.ToString(), error.ToString());
    }

    private sealed class Watched(string text, CancellationTokenSource stop) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (ToString().Contains(text, StringComparison.Ordinal)) stop.Cancel();
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write(CoreNewLine);
        }
    }
}
