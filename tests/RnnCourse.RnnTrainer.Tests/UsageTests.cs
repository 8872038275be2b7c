using RnnCourse.RnnTrainer.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>Wrong command lines get exit code 1 (or 2 for a missing file) and a message saying what to change.</summary>
public sealed class UsageTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void CudaIsRefusedBecauseNoGpuBackendIsBuilt()
    {
        var run = Cli.Run("train", "--corpus", "names", "--device", "cuda");
        Assert.Equal(TrainerCli.UsageError, run.ExitCode);
        Assert.Contains("no GPU backend is built", run.Error);
    }

    [SkippableTheory]
    [InlineData(new[] { "train", "--model", "bigram" }, "Say what to train on")]
    [InlineData(new[] { "train", "--corpus", "names", "--data", "x.txt" }, "not both")]
    [InlineData(new[] { "train", "--corpus", "names", "--hidden", "0" }, "--hidden must be at least 1")]
    [InlineData(new[] { "train", "--corpus", "names", "--dropout", "1" }, "--dropout is a probability")]
    [InlineData(new[] { "train", "--corpus", "names", "--resume" }, "--resume continues from --checkpoint")]
    [InlineData(new[] { "sample", "--model", "lstm" }, "sample needs --checkpoint")]
    [InlineData(new[] { "train", "--corpus", "shakespeare", "--format", "lines" }, "one continuous text")]
    public void BadSettingsAreUsageErrors(string[] args, string message)
    {
        var run = Cli.Run(args);
        Assert.Equal(TrainerCli.UsageError, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [SkippableFact]
    public void AnUnknownModelIsAParseError()
    {
        var run = Cli.Run("train", "--corpus", "names", "--model", "transformer");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("transformer", run.Error);
    }

    [SkippableFact]
    public void AMissingFileOrCheckpointIsADataError()
    {
        var data = Cli.Run("train", "--data", "/no/such/file.txt", "--model", "bigram");
        Assert.Equal(TrainerCli.DataError, data.ExitCode);
        Assert.Contains("no file at '/no/such/file.txt'", data.Error);
        var checkpoint = Cli.Run("eval", "--checkpoint", "/no/such/model.safetensors");
        Assert.Equal(TrainerCli.DataError, checkpoint.ExitCode);
        Assert.Contains("No checkpoint at '/no/such/model.safetensors'", checkpoint.Error);
    }

    [SkippableFact]
    public void HelpListsTheOptions()
    {
        var run = Cli.Run("train", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (string option in new[] { "--data", "--corpus", "--model", "--order", "--hidden", "--layers", "--embedding", "--dropout", "--batch",
                     "--seq", "--lr", "--steps", "--eval-every", "--seed", "--device", "--checkpoint", "--resume", "--threads" })
            Assert.Contains(option, run.Output);
    }

    [SkippableFact]
    public void TheNamesBigramGetsMakemoresTestLoss()
    {
        string? folder = Environment.GetEnvironmentVariable("RNN_COURSE_DATA");
        if (!Requires.Tool(folder is not null && File.Exists(Path.Combine(folder, "names.txt")), "corpus", output)) return;
        var run = Cli.Run("train", "--corpus", "names", "--model", "bigram");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("test        loss 2.4524 nats per character", run.Output); // makemore's bigram: about 2.45
    }
}
