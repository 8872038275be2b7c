using RnnCourse.RnnTrainer.Tests.Support;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>
/// Options are never silently ignored: those a checkpoint decides are refused when they disagree with it, hyperparameters changed on
/// --resume are refused or reported, options a model does not use are refused, and --threads is capped at the cores.
/// </summary>
public sealed class OptionCheckTests : IDisposable
{
    private readonly TinyRun _run = new();

    public void Dispose() => _run.Dispose();

    private static void Refused(Cli.Result run, string message)
    {
        Assert.Equal(TrainerCli.UsageError, run.ExitCode);
        Assert.Equal([$"rnn-train: {message}"], run.ErrorLines);
    }

    [Fact]
    public void SampleAndEvalRefuseModelOptionsThatDisagreeWithTheCheckpoint()
    {
        Assert.Equal(0, Cli.Run(_run.Train(steps: 4)).ExitCode);
        Refused(Cli.Run("sample", "--checkpoint", _run.Checkpoint, "--model", "lstm", "--hidden", "999"),
            $"sample: --model lstm and --hidden 999 do not match the checkpoint '{_run.Checkpoint}' (--model gru --hidden 16); sample takes them from the checkpoint: leave them out.");
        Refused(Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--format", "stream", "--split-seed", "7"),
            $"eval: --format stream and --split-seed 7 do not match the checkpoint '{_run.Checkpoint}' (--format lines --split-seed 42); eval takes them from the checkpoint: leave them out.");
        Refused(Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--batch", "4"),
            "eval: --batch and --seq cut a stream into windows, but lines are scored in batches of 256 sentences; leave them out.");
        var same = Cli.Run("sample", "--checkpoint", _run.Checkpoint, "--model", "gru", "--hidden", "16", "--count", "1");
        Assert.True(same.ExitCode == 0, same.Error); // agreeing options are fine
    }

    [Fact]
    public void ResumeRefusesSettingsThatMakeAnotherRunAndReportsAndAppliesANewLearningRate()
    {
        string history = _run.Folder.File("history.csv");
        string[] first = _run.Train(4, "--schedule", "constant", "--history", history);
        Assert.Equal(0, Cli.Run(first).ExitCode);
        byte[] saved = File.ReadAllBytes(_run.Checkpoint);
        string[] resume = [.. TinyRun.With(first, "--steps", "8"), "--resume"];

        Refused(Cli.Run(TinyRun.With(TinyRun.With(TinyRun.With(resume, "--hidden", "32"), "--batch", "4"), "--seed", "7")),
            $"--resume: --hidden 32, --batch 4 and --seed 7 differ from the run saved in '{_run.Checkpoint}' (--hidden 16 --batch 8 --seed 42); " +
            "a resumed run keeps them: give the saved values, or start a new run with another --checkpoint.");
        Assert.Equal(saved, File.ReadAllBytes(_run.Checkpoint));

        var lower = Cli.Run(TinyRun.With(resume, "--lr", "0.005"));
        Assert.True(lower.ExitCode == 0, lower.Error);
        Assert.Equal([$"rnn-train: note: resuming '{_run.Checkpoint}' with --lr 0.005 (was 0.01) from step 5 on."], lower.ErrorLines);
        double[] rates = File.ReadAllLines(history).Skip(1).Select(l => double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005], rates);
    }

    [Fact]
    public void OptionsAModelDoesNotUseAreRefused()
    {
        Refused(Cli.Run("train", "--data", _run.Data, "--model", "bigram", "--checkpoint", _run.Checkpoint),
            "--checkpoint does not apply to the bigram model: it counts characters, and is not saved (sample and eval count the data again, in about a second); leave it out.");
        Refused(Cli.Run("sample", "--data", _run.Data, "--model", "ngram", "--temperature", "0.5", "--top-k", "3"),
            "--temperature, --top-k do not apply to the ngram model: it counts characters, and is not saved (sample and eval count the data again, in about a second); leave them out.");
        Refused(Cli.Run("train", "--data", _run.Data, "--model", "bigram", "--order", "3"),
            "--order does not apply to the bigram model, whose order is 2; use --model ngram --order N, or leave --order out.");
        Refused(Cli.Run("train", "--data", _run.Data, "--model", "ngram", "--delta", "0.5"),
            "--delta is the pseudo-count of add-delta smoothing, but the ngram model smooths with kneser-ney; add --smoothing add-delta, or leave --delta out.");
        Refused(Cli.Run("train", "--data", _run.Data, "--model", "lstm", "--order", "3"),
            "--order applies only to the count models (--model bigram or ngram); leave it out.");
    }

    [Theory]
    [InlineData("--lr", "Infinity", "--lr must be a positive finite number, got Infinity.")]
    [InlineData("--lr", "NaN", "--lr must be a positive finite number, got NaN.")]
    [InlineData("--weight-decay", "Infinity", "--weight-decay must be a finite number ≥ 0, got Infinity.")]
    [InlineData("--temperature", "Infinity", "--temperature must be a finite number ≥ 0 (0 is greedy), got Infinity.")]
    [InlineData("--hidden", "abc", "--hidden: 'abc' is not a whole number. See rnn-train train --help.")]
    [InlineData("--lr", "fast", "--lr: 'fast' is not a number. See rnn-train train --help.")]
    public void NumbersThatAreNotUsableAreUsageErrors(string option, string value, string message)
    {
        string command = option == "--temperature" ? "sample" : "train";
        string[] args = command == "sample" ? ["sample", "--checkpoint", _run.Checkpoint, option, value] : ["train", "--data", _run.Data, option, value];
        Refused(Cli.Run(args), message.Replace("rnn-train train", $"rnn-train {command}", StringComparison.Ordinal));
    }

    [Fact]
    public void ThreadsAboveTheCoreCountAreCappedWithANote()
    {
        var run = Cli.Run("train", "--data", _run.Data, "--model", "bigram", "--threads", "1000");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([$"rnn-train: note: --threads 1000 is more than the {Environment.ProcessorCount} cores of this machine; using {Environment.ProcessorCount}."], run.ErrorLines);
    }

    [Fact]
    public void EveryOtherFailureIsOneLineWithItsExitCode()
    {
        Assert.Equal((TrainerCli.Failed, "Unexpected NullReferenceException: gone This is a bug in rnn-train: run the command again with --verbose and report what it prints."),
            TrainerCli.Failure(new NullReferenceException("gone")));
        Assert.Equal((TrainerCli.Failed, "Out of memory: lower --hidden, --layers, --batch or --seq, or train on a smaller text."), TrainerCli.Failure(new OutOfMemoryException()));
        Assert.Equal((TrainerCli.DataError, "two lines"), TrainerCli.Failure(new IOException("two\nlines")));
        Assert.Equal((TrainerCli.UsageError, "wrong"), TrainerCli.Failure(new UsageException("wrong")));
        Refused(Cli.Run(), "Give a command: train, sample or eval. See rnn-train --help.");
    }
}
