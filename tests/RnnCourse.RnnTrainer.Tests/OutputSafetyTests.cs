using RnnCourse.RnnTrainer.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>
/// --checkpoint and --history write only over files of the same run: never over the data or another kind of file, and over an
/// earlier run's output only with --resume or --overwrite. A location that cannot be written stops the run before its first step.
/// </summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly TinyRun _run = new();

    public void Dispose() => _run.Dispose();

    /// <summary>Runs, expecting <paramref name="code"/> and the one-line message, and that no step ran and no file changed.</summary>
    private void Refused(string[] args, int code, string message)
    {
        var before = _run.Files();
        var run = Cli.Run(args);
        Assert.Equal(code, run.ExitCode);
        Assert.Equal([$"rnn-train: {message}"], run.ErrorLines);
        Assert.DoesNotContain("step 1/", run.Output);
        Assert.Equal(before, _run.Files());
    }

    [Fact]
    public void TheDataFileIsNeverTheCheckpoint()
    {
        string[] args = [.. _run.Train()[..^2], "--checkpoint", _run.Data];
        Refused(args, TrainerCli.UsageError, $"--checkpoint: the checkpoint would go to '{_run.Data}', which is the data file; give --checkpoint another path.");
    }

    [Fact]
    public void AFileThatIsNotACheckpointIsNeverWrittenOver()
    {
        string notes = _run.Folder.File("notes.txt");
        File.WriteAllText(notes, "my notes");
        Refused([.. _run.Train()[..^2], "--checkpoint", notes, "--overwrite"], TrainerCli.UsageError,
            $"--checkpoint: the checkpoint would go to '{notes}', which holds a file that is not a checkpoint of rnn-train; rnn-train never writes over it: give another path, or move the file away.");
        string history = _run.Folder.File("history.csv");
        File.WriteAllText(history, "a,b\n1,2\n");
        Refused(_run.Train(more: ["--history", history]), TrainerCli.UsageError,
            $"--history: the history would go to '{history}', which holds a file that is not a training history of rnn-train; rnn-train never writes over it: give another path, or move the file away.");
    }

    [Fact]
    public void AnEarlierRunsCheckpointNeedsResumeOrOverwrite()
    {
        Assert.Equal(0, Cli.Run(_run.Train(steps: 4)).ExitCode);
        Refused(_run.Train(), TrainerCli.UsageError,
            $"--checkpoint: '{_run.Checkpoint}' already holds a checkpoint (step 4); continue its run with --resume, or replace it with --overwrite.");
        Refused(_run.Train(more: ["--resume", "--overwrite"]), TrainerCli.UsageError,
            "--resume continues the checkpoint and --overwrite replaces it; give one of them.");

        File.Delete(_run.Checkpoint); // the best copy of the earlier run is still there
        Refused(_run.Train(), TrainerCli.UsageError,
            $"--checkpoint: '{_run.Best}' already holds a checkpoint (step 4); continue its run with --resume, or replace it with --overwrite.");

        var replaced = Cli.Run(_run.Train(steps: 8, "--overwrite"));
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Equal(8, Checkpoint.Load(_run.Checkpoint).Step);
    }

    [Fact]
    public void AnOutputThatCannotBeWrittenStopsTheRunBeforeItsFirstStep()
    {
        string underAFile = Path.Combine(_run.Data, "gru.safetensors");
        Refused([.. _run.Train()[..^2], "--checkpoint", underAFile], TrainerCli.DataError,
            $"--checkpoint: cannot create the folder '{_run.Data}', because '{_run.Data}' is a file; give a path in a folder.");
        string folder = _run.Folder.File("runs");
        Directory.CreateDirectory(folder);
        Refused([.. _run.Train()[..^2], "--checkpoint", folder], TrainerCli.UsageError,
            $"--checkpoint: the checkpoint would go to '{folder}', which is a folder; give a file path.");
        Refused(_run.Train(more: ["--history", _run.Checkpoint]), TrainerCli.UsageError,
            $"--checkpoint: the checkpoint would go to '{_run.Checkpoint}', where the history goes too; give --checkpoint another path.");
    }

    [Fact]
    public void TemporaryFilesThatKilledSavesLeftAreRemovedAtTheNextStart()
    {
        string guid = Guid.NewGuid().ToString("N");
        string mine = _run.Folder.File($".gru.safetensors.{guid}.tmp"), best = _run.Folder.File($".gru.best.safetensors.{guid}.tmp");
        string others = _run.Folder.File($".lstm.safetensors.{guid}.tmp");
        foreach (string file in new[] { mine, best, others }) File.WriteAllText(file, "half a checkpoint");

        var run = Cli.Run(_run.Train(steps: 4));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([$"rnn-train: note: removed 2 temporary files that interrupted saves of '{_run.Checkpoint}' left behind " +
                      $"({Path.GetFileName(mine)}, {Path.GetFileName(best)})."], run.ErrorLines);
        Assert.False(File.Exists(mine) || File.Exists(best));
        Assert.True(File.Exists(others)); // another checkpoint's: perhaps a run still saving
    }

    [Fact]
    public void TemporaryFilesThatKilledWritesOfTheHistoryLeftAreRemovedAtTheNextStart()
    {
        string history = _run.Folder.File("history.csv");
        string leftover = _run.Folder.File($".history.csv.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(leftover, "step,lo");

        var run = Cli.Run(_run.Train(steps: 4, more: ["--history", history]));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([$"rnn-train: note: removed 1 temporary file that interrupted saves of '{history}' left behind ({Path.GetFileName(leftover)})."],
                     run.ErrorLines);
        Assert.False(File.Exists(leftover));
        Assert.StartsWith(History.CsvHeader, File.ReadAllText(history));
    }

    [Fact]
    public void A_second_run_on_a_checkpoint_that_a_run_is_writing_is_refused_and_a_run_removes_its_lock_when_done()
    {
        string lockFile = _run.Folder.File(".gru.safetensors.lock");
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))   // another run holds the lock
        {
            var refused = Cli.Run(_run.Train(steps: 4));
            Assert.Equal(TrainerCli.DataError, refused.ExitCode);
            Assert.Equal([$"rnn-train: --checkpoint: another rnn-train run is writing '{_run.Checkpoint}' (it holds '.gru.safetensors.lock' beside it); " +
                          "wait for it to finish or stop it, or give another --checkpoint."], refused.ErrorLines);
            Assert.False(File.Exists(_run.Checkpoint));
        }
        Assert.True(File.Exists(lockFile));   // left behind, as by a killed run: nobody holds it now

        var run = Cli.Run(_run.Train(steps: 4));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(_run.Checkpoint));
        Assert.False(File.Exists(lockFile));
    }
}
