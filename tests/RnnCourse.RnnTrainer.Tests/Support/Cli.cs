namespace RnnCourse.RnnTrainer.Tests.Support;

/// <summary>Runs rnn-train in process and keeps what it wrote.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TrainerCli.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
