using System.Globalization;
using RnnCourse.RnnTrainer.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>
/// A checkpoint records the data it was trained on (source and SHA-256): resume, eval and sample on other data are refused,
/// naming both; eval --other-data scores other data and reports what of it the vocabulary does not know.
/// </summary>
public sealed class DataIdentityTests : IDisposable
{
    private readonly TinyRun _run = new();
    private readonly string _play;

    public DataIdentityTests()
    {
        _play = _run.Folder.File("play.txt");
        File.WriteAllText(_play, TinyTexts.Play());
        var first = Cli.Run(_run.Train(steps: 4));
        Assert.True(first.ExitCode == 0, first.Error);
    }

    public void Dispose() => _run.Dispose();

    private string Sha(string path) => CorpusSha(path)[..12] + "…";

    private static string CorpusSha(string path) => Data.CorpusResolver.Sha256Of(path);

    [Fact]
    public void ResumingOnOtherDataIsRefusedAndTheCheckpointIsKept()
    {
        byte[] before = File.ReadAllBytes(_run.Checkpoint);
        string[] args = _run.Train(steps: 8, "--resume");
        args[Array.IndexOf(args, _run.Data)] = _play;
        var run = Cli.Run(args);
        Assert.Equal(TrainerCli.UsageError, run.ExitCode);
        Assert.Equal([$"rnn-train: --resume: '{_run.Checkpoint}' was trained on '{_run.Data}' (SHA-256 {Sha(_run.Data)}), but '{_play}' is other data " +
                      $"(SHA-256 {Sha(_play)}); resume on the data it was trained on, or start a new run with another --checkpoint."], run.ErrorLines);
        Assert.Equal(before, File.ReadAllBytes(_run.Checkpoint));
    }

    [Fact]
    public void ResumingAfterTheDataFileChangedIsRefused()
    {
        string sha = Sha(_run.Data);
        File.AppendAllText(_run.Data, "zoe\n");
        var run = Cli.Run(_run.Train(steps: 8, "--resume"));
        Assert.Equal(TrainerCli.UsageError, run.ExitCode);
        Assert.Equal([$"rnn-train: --resume: '{_run.Checkpoint}' was trained on '{_run.Data}' (SHA-256 {sha}), but the file now holds other data " +
                      $"(SHA-256 {Sha(_run.Data)}); resume on the data it was trained on, or start a new run with another --checkpoint."], run.ErrorLines);
    }

    [Fact]
    public void EvalOnOtherDataIsRefusedUnlessAskedForAndThenReportsTheUnknownCharacters()
    {
        var refused = Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--data", _play);
        Assert.Equal(TrainerCli.UsageError, refused.ExitCode);
        Assert.Equal([$"rnn-train: eval: '{_run.Checkpoint}' was trained on '{_run.Data}' (SHA-256 {Sha(_run.Data)}), but '{_play}' is other data " +
                      $"(SHA-256 {Sha(_play)}); score it on that data anyway with eval --other-data (characters the checkpoint does not know count as <unk>)."], refused.ErrorLines);

        var other = Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--data", _play, "--other-data");
        Assert.True(other.ExitCode == 0, other.Error);
        Assert.Contains("play.txt as a stream", other.Output); // read as its own format, not as the checkpoint's lines
        // The names know a few small letters, and no capitals, spaces, punctuation or digits.
        string play = TinyTexts.Play(), validation = play[(int)(play.Length * 0.9)..];
        string known = string.Concat(TinyTexts.Names().Distinct().Where(c => c != '\n'));
        int unknown = play.Distinct().Count(c => !known.Contains(c));
        double rate = 100.0 * validation.Count(c => !known.Contains(c)) / validation.Length;
        Assert.Contains($"vocabulary  the checkpoint's {known.Length + 4} tokens; {unknown} characters of the data are not (\" \" ", other.Output); // the most frequent first
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $" …) and count as <unk>: <unk> is {rate:F2}% of the validation characters"), other.Output);
    }

    [Fact]
    public void SampleRefusesOtherDataAndAcceptsItsOwn()
    {
        var refused = Cli.Run("sample", "--checkpoint", _run.Checkpoint, "--data", _play);
        Assert.Equal(TrainerCli.UsageError, refused.ExitCode);
        Assert.Contains("sample takes the model and its vocabulary from the checkpoint: leave --data and --corpus out.", refused.Error);
        Assert.Single(refused.ErrorLines);
        var own = Cli.Run("sample", "--checkpoint", _run.Checkpoint, "--data", _run.Data, "--count", "2");
        Assert.True(own.ExitCode == 0, own.Error);
    }

    [Fact]
    public void ACheckpointFromBeforeChecksumsLoadsWithOneNoteAndIsComparedBySource()
    {
        var (tensors, metadata) = Safetensors.Load(_run.Checkpoint);
        string[] newKeys = [Safetensors.ChecksumKey, Checkpoint.VocabularySha256Key, "rnn_train.text_sha256", "rnn_train.batch", "rnn_train.lr"];
        Safetensors.Save(_run.Checkpoint, tensors, metadata.Where(kv => !newKeys.Contains(kv.Key)).ToDictionary());
        string note = $"rnn-train: note: '{_run.Checkpoint}' has no checksums (an earlier rnn-train wrote it), so damage to it cannot be detected; a checkpoint saved now carries them.";

        var eval = Cli.Run("eval", "--checkpoint", _run.Checkpoint);
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Equal([note], eval.ErrorLines);
        var byName = Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--data", _play);
        Assert.Equal(TrainerCli.UsageError, byName.ExitCode);
        Assert.Contains($"was trained on '{_run.Data}' (SHA-256 not recorded), but '{_play}' is other data", byName.Error);

        var resumed = Cli.Run(_run.Train(steps: 8, "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal([note], resumed.ErrorLines);
        Assert.True(Checkpoint.Load(_run.Checkpoint).HasChecksum);

        var other = Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--data", _play);
        Assert.Equal(TrainerCli.UsageError, other.ExitCode);
    }
}
