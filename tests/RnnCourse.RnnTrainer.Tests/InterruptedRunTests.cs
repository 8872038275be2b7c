using RnnCourse.RnnTrainer.Tests.Support;
using RnnCourse.Tests.Support;
using RnnCourse.Training;
using static RnnCourse.Files.AtomicFile;
using static RnnCourse.Training.Safetensors;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>
/// A run stopped by SIGINT or SIGTERM (here: the stop request the signals make) saves where it is and says how to resume;
/// a save cut short at any stage (through the writer's seam, not a real kill) or failing on a full disk loses no file.
/// </summary>
public sealed class InterruptedRunTests : IDisposable
{
    private readonly TinyRun _run = new();

    public void Dispose()
    {
        Seam.Value = null;
        _run.Dispose();
    }

    private static string ResumeCommand(string[] args) => "rnn-train " + string.Join(" ", args) + " --resume";

    [Fact]
    public void AStoppedRunSavesItsStepAndResumesAsIfNeverStopped()
    {
        string[] args = _run.Train(steps: 8);
        var stopped = Cli.RunStoppedAt("step 6/8", args);
        Assert.Equal(TrainerCli.Interrupted, stopped.ExitCode);
        Assert.Equal([$"rnn-train: interrupted after step 6 of 8, saved in '{_run.Checkpoint}'; resume with: {ResumeCommand(args)}"], stopped.ErrorLines);
        Assert.Equal(6, Checkpoint.Load(_run.Checkpoint).Step);

        var resumed = Cli.Run([.. args, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("trained     8 steps (2 in this run)", resumed.Output);

        using var straight = new TinyRun();
        Assert.Equal(0, Cli.Run(straight.Train(steps: 8)).ExitCode);
        var (a, b) = (Checkpoint.Load(_run.Checkpoint).ModelState, Checkpoint.Load(straight.Checkpoint).ModelState);
        Assert.All(a, kv => Assert.Equal(b[kv.Key].Data, kv.Value.Data));
    }

    [Fact]
    public void AStoppedRunWithoutACheckpointSaysThatNothingWasSaved()
    {
        var stopped = Cli.RunStoppedAt("step 3/8", _run.Train(steps: 8)[..^2]);
        Assert.Equal(TrainerCli.Interrupted, stopped.ExitCode);
        Assert.Equal(["rnn-train: interrupted after step 3 of 8; nothing was saved, since no --checkpoint was given."], stopped.ErrorLines);
    }

    [Theory]
    [MemberData(nameof(SaveStages.Every), MemberType = typeof(SaveStages))]
    public void AStopRequestedDuringASaveLetsTheSaveFinish(string stageName)
    {
        var stage = Enum.Parse<SaveStage>(stageName);
        using var stop = new CancellationTokenSource();
        Seam.Value = new SaveSeam(AtStage: (s, _) => { if (s == stage) stop.Cancel(); });
        var run = Cli.Run(stop.Token, _run.Train(steps: 8));
        Seam.Value = null;
        Assert.Equal(TrainerCli.Interrupted, run.ExitCode);
        Assert.StartsWith("rnn-train: interrupted after step 4 of 8, saved in", run.ErrorLines.Single());
        Assert.Equal(4, Checkpoint.Load(_run.Checkpoint).Step);
        Assert.Equal(4, Checkpoint.Load(_run.Best).Step);
        Assert.Empty(TemporaryFiles(_run.Checkpoint));
    }

    [Theory]
    [MemberData(nameof(SaveStages.Every), MemberType = typeof(SaveStages))]
    public void AKillDuringASaveLosesNothingAndTheNextStartRemovesWhatItLeft(string stageName)
    {
        var stage = Enum.Parse<SaveStage>(stageName);
        // What the disk holds when a kill comes at this stage of the second save of the checkpoint (at step 8).
        Dictionary<string, byte[]>? afterFirstSave = null, atKill = null;
        string[] leftovers = [];
        int saves = 0;
        Seam.Value = new SaveSeam(AtStage: (s, path) =>
        {
            bool checkpoint = Path.GetFileName(path).StartsWith(".gru.safetensors.", StringComparison.Ordinal) || path == _run.Checkpoint;
            if (!checkpoint) return;
            if (s == SaveStage.TemporaryCreated) saves++;
            if (saves == 2 && s == SaveStage.TemporaryCreated) afterFirstSave = _run.Files(); // the step-4 files, best included
            if (saves == 2 && s == stage)
            {
                leftovers = TemporaryFiles(_run.Checkpoint);
                atKill = _run.Files();
            }
        });
        Assert.Equal(0, Cli.Run(_run.Train(steps: 8)).ExitCode);
        Seam.Value = null;

        // Put the disk back as the kill left it: the files whole as they were, the temporary file (with half its bytes).
        foreach (string file in Directory.GetFiles(_run.Folder.Path)) File.Delete(file);
        foreach (var (name, bytes) in atKill!) File.WriteAllBytes(_run.Folder.File(name), bytes);
        foreach (string temporary in leftovers) File.WriteAllBytes(temporary, new byte[100]);
        Assert.Equal(stage == SaveStage.Replaced ? 0 : 1, leftovers.Length);
        if (stage != SaveStage.Replaced) Assert.Equal(afterFirstSave, atKill); // nothing lost or changed

        var resumed = Cli.Run(_run.Train(steps: 12, "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"resumed     from '{_run.Checkpoint}' at step {(stage == SaveStage.Replaced ? 8 : 4)}", resumed.Output);
        if (leftovers.Length > 0)
            Assert.Contains($"rnn-train: note: removed 1 temporary file that interrupted saves of '{_run.Checkpoint}' left behind ({Path.GetFileName(leftovers[0])}).", resumed.ErrorLines);
        Assert.Empty(TemporaryFiles(_run.Checkpoint));
        Assert.Equal(12, Checkpoint.Load(_run.Checkpoint).Step);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(5000)]
    public void AFullDiskStopsTheRunWithTheLastCheckpointIntact(long room)
    {
        string[] args = _run.Train(steps: 8);
        Dictionary<string, byte[]>? before = null;
        Seam.Value = new SaveSeam(
            WrapStream: s => File.Exists(_run.Checkpoint) && ((FileStream)s).Name.Contains("/.gru.safetensors.", StringComparison.Ordinal) ? new FullDisk(s, room) : s,
            AtStage: (s, path) => { if (s == SaveStage.TemporaryCreated && File.Exists(_run.Checkpoint) && path.Contains("/.gru.safetensors.", StringComparison.Ordinal)) before = _run.Files(); });
        var run = Cli.Run(args);
        Seam.Value = null;

        Assert.Equal(TrainerCli.DataError, run.ExitCode);
        Assert.Equal([$"rnn-train: Could not write '{_run.Checkpoint}': {FullDisk.Message}. The file there is as it was before; check the free space and the permissions of " +
                      $"'{_run.Folder.Path}'. Training stopped at step 8; once it can be written, resume with: {ResumeCommand(args)}"], run.ErrorLines);
        Assert.Equal(before, _run.Files()); // step 4's checkpoint and best
        Assert.Empty(TemporaryFiles(_run.Checkpoint));
        Assert.Equal(4, Checkpoint.Load(_run.Checkpoint).Step);
    }
}
