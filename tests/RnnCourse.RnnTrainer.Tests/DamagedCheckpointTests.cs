using System.Buffers.Binary;
using System.Text;
using RnnCourse.RnnTrainer.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>A damaged checkpoint is refused by eval, sample and resume with one line naming the file (exit 2), and is left as it is.</summary>
public sealed class DamagedCheckpointTests : IDisposable
{
    private readonly TinyRun _run = new();

    public DamagedCheckpointTests() => Assert.Equal(0, Cli.Run(_run.Train(steps: 4)).ExitCode);

    public void Dispose() => _run.Dispose();

    /// <summary>Every command that reads the checkpoint fails with exit code 2 and exactly <paramref name="message"/>, changing no file.</summary>
    private void RefusedEverywhere(string message)
    {
        var before = _run.Files();
        foreach (string[] args in new[] { ["eval", "--checkpoint", _run.Checkpoint], ["sample", "--checkpoint", _run.Checkpoint], _run.Train(steps: 8, "--resume") })
        {
            var run = Cli.Run(args);
            Assert.Equal(TrainerCli.DataError, run.ExitCode);
            Assert.Equal([$"rnn-train: {message}"], run.ErrorLines);
        }
        Assert.Equal(before, _run.Files());
    }

    [Fact]
    public void OneFlippedByteInTheDataIsFound()
    {
        byte[] bytes = File.ReadAllBytes(_run.Checkpoint);
        bytes[^100] ^= 0x01;
        File.WriteAllBytes(_run.Checkpoint, bytes);
        var refused = Cli.Run("eval", "--checkpoint", _run.Checkpoint);
        Assert.Matches(@"^rnn-train: Safetensors file '.*gru\.safetensors': its data does not match the SHA-256 in its header \([0-9a-f]{12}…, the data has [0-9a-f]{12}…\): " +
                       @"the file is damaged\. Use another copy of it, or train again\.\r?\n$", refused.Error);
        RefusedEverywhere(refused.ErrorLines[0]["rnn-train: ".Length..]);
    }

    [Fact]
    public void AHeaderThatIsNotUtf8IsFoundWithTheFilesName()
    {
        byte[] bytes = File.ReadAllBytes(_run.Checkpoint);
        int at = Encoding.ASCII.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)).IndexOf("\"lines\"", StringComparison.Ordinal) + 8 + 2;
        bytes[at] = 0xFF;
        File.WriteAllBytes(_run.Checkpoint, bytes);
        RefusedEverywhere($"Safetensors file '{_run.Checkpoint}': the header is not UTF-8 text (byte {at} of the file is not): the file is damaged, or not a safetensors file.");
    }

    [Fact]
    public void AStepThatIsNotANumberIsFoundByName()
    {
        var (tensors, metadata) = Safetensors.Load(_run.Checkpoint);
        Safetensors.Save(_run.Checkpoint, tensors, new Dictionary<string, string>(metadata) { ["trainer.step"] = "abc" }, checksum: true);
        RefusedEverywhere($"Checkpoint '{_run.Checkpoint}': metadata 'trainer.step' is 'abc', not a step number: the file is damaged. Use another copy of it, or train again.");
    }

    [Fact]
    public void VerboseAddsTheDetailsAfterTheLine()
    {
        File.WriteAllText(_run.Checkpoint, "not a checkpoint at all");
        var plain = Cli.Run("eval", "--checkpoint", _run.Checkpoint);
        Assert.Single(plain.ErrorLines);
        Assert.DoesNotContain("   at ", plain.Error);
        var verbose = Cli.Run("eval", "--checkpoint", _run.Checkpoint, "--verbose");
        Assert.Equal(TrainerCli.DataError, verbose.ExitCode);
        Assert.Equal(plain.ErrorLines[0], verbose.ErrorLines[0]);
        Assert.Contains("System.IO.InvalidDataException", verbose.ErrorLines[1]);
        Assert.Contains("   at RnnCourse.Training.Safetensors", verbose.Error);
    }
}
