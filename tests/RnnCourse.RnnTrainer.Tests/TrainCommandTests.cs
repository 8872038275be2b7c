using RnnCourse.RnnTrainer.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>rnn-train train, sample and eval, in process, on tiny generated texts with a few steps.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ARecurrentModelOnLinesTrainsWritesACheckpointAndThenSamplesAndEvaluatesFromIt()
    {
        string data = Write("names.txt", TinyTexts.Names());
        string checkpoint = _folder.File("gru.safetensors");
        string history = _folder.File("history.csv");
        var train = Cli.Run("train", "--data", data, "--model", "gru", "--hidden", "16", "--layers", "2", "--embedding", "8",
            "--batch", "8", "--steps", "8", "--eval-every", "4", "--log-every", "4", "--lr", "0.01",
            "--checkpoint", checkpoint, "--history", history);

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("as lines: 52 train, 6 validation, 6 test lines", train.Output);
        Assert.Contains("step 4/8  loss", train.Output);
        Assert.Contains("step 8: validation loss", train.Output);
        Assert.Contains("trained     8 steps (8 in this run)", train.Output);
        Assert.Contains("tokens/s", train.Output);
        Assert.Contains("validation  best loss", train.Output);
        Assert.Contains("test        loss", train.Output);
        Assert.Contains("(</s> counted)", train.Output);
        Assert.Equal(8, Checkpoint.Load(checkpoint).Step);
        Assert.Equal(9, File.ReadAllLines(history).Length); // header and 8 steps

        var sample = Cli.Run("sample", "--checkpoint", checkpoint, "--count", "5", "--seed", "3", "--temperature", "0.8");
        Assert.True(sample.ExitCode == 0, sample.Error);
        string[] names = sample.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, names.Length);
        Assert.Equal(sample.Output, Cli.Run("sample", "--checkpoint", checkpoint, "--count", "5", "--seed", "3", "--temperature", "0.8").Output);

        var primed = Cli.Run("sample", "--checkpoint", checkpoint, "--count", "3", "--prime", "ma", "--top-k", "3");
        Assert.All(primed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), n => Assert.StartsWith("ma", n));

        var eval = Cli.Run("eval", "--checkpoint", checkpoint); // the data is found through the checkpoint
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("(step 8)", eval.Output);
        Assert.Contains("test        loss", eval.Output);
        var testLine = train.Output.Split('\n').Single(l => l.StartsWith("test ", StringComparison.Ordinal));
        Assert.Contains(testLine.Split("loss ")[1][..6], eval.Output); // the same test loss as the summary
    }

    [Fact]
    public void AnLstmOnAStreamResumesFromItsCheckpointAndSamplesText()
    {
        string data = Write("play.txt", TinyTexts.Play());
        string checkpoint = _folder.File("lstm.safetensors");
        string[] common = ["train", "--data", data, "--model", "lstm", "--hidden", "16", "--batch", "4", "--seq", "16",
            "--dropout", "0.1", "--eval-every", "3", "--checkpoint", checkpoint];

        var first = Cli.Run([.. common, "--steps", "3"]);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("as a stream", first.Output);
        Assert.DoesNotContain("test ", first.Output); // a stream has no test split

        var resumed = Cli.Run([.. common, "--steps", "6", "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("at step 3", resumed.Output);
        Assert.Contains("trained     6 steps (3 in this run)", resumed.Output);

        var done = Cli.Run([.. common, "--steps", "6", "--resume"]);
        Assert.Contains("already trained 6 steps", done.Output);

        var sample = Cli.Run("sample", "--checkpoint", checkpoint, "--count", "1", "--length", "40", "--prime", "ROMEO:");
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.StartsWith("ROMEO:", sample.Output);
        Assert.Equal(6 + 40, sample.Output.Length - Environment.NewLine.Length); // the prime, 40 characters and the line end

        var eval = Cli.Run("eval", "--checkpoint", checkpoint, "--batch", "2", "--seq", "8");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("validation  loss", eval.Output);
    }

    [Fact]
    public void CountModelsCountAndReportValidationAndTestLosses()
    {
        string names = Write("names.txt", TinyTexts.Names());
        var bigram = Cli.Run("train", "--data", names, "--model", "bigram");
        Assert.True(bigram.ExitCode == 0, bigram.Error);
        Assert.Contains("bigram model, add-δ (δ = 1)", bigram.Output);
        Assert.Contains("validation  loss", bigram.Output);
        Assert.Contains("test        loss", bigram.Output);

        var eval = Cli.Run("eval", "--data", names, "--model", "bigram", "--split", "test");
        Assert.Equal(bigram.Output.Split('\n').Single(l => l.StartsWith("test", StringComparison.Ordinal)),
                     eval.Output.Split('\n').Single(l => l.StartsWith("test", StringComparison.Ordinal)));

        string play = Write("play.txt", TinyTexts.Play());
        var trigram = Cli.Run("train", "--data", play, "--model", "ngram", "--order", "3");
        Assert.True(trigram.ExitCode == 0, trigram.Error);
        Assert.Contains("3-gram model, modified Kneser-Ney", trigram.Output);

        var sample = Cli.Run("sample", "--data", play, "--model", "ngram", "--order", "4", "--count", "1", "--length", "30", "--prime", "JULIET:");
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.StartsWith("JULIET:", sample.Output);
    }

    [Fact]
    public void ADivergingRunStopsWithExitCode3AndAMessageNamingTheStep()
    {
        string data = Write("names.txt", TinyTexts.Names());
        var run = Cli.Run("train", "--data", data, "--model", "elman", "--hidden", "8", "--steps", "20",
            "--lr", "1e300", "--clip", "1e30", "--schedule", "constant", "--checkpoint", _folder.File("x.safetensors"));
        Assert.Equal(TrainerCli.Diverged, run.ExitCode);
        Assert.Matches(@"Training stopped at step \d+: the (loss|gradient norm|validation loss) is", run.Output);
    }
}
