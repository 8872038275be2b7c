using System.Globalization;
using RnnCourse.Files;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer;

/// <summary>
/// The files a training run writes — the checkpoint, its best copy and the history — checked before the first step: a run
/// that could not save stops at once, and nothing is written over the data, a file of another kind, or another run's output
/// (an existing checkpoint or history needs --resume, or --overwrite). Then the run takes the checkpoint's lock, so that no
/// second run writes it at the same time, and removes the temporary files that killed saves of the checkpoint or the history left.
/// </summary>
internal static class OutputFiles
{
    /// <summary>An output: the option that names it, what it is ("the best checkpoint"), its full path, and the kind of file it may replace.</summary>
    private sealed record Output(string Option, string Role, string Path, string Kind, Func<string, bool> IsOfKind);

    /// <summary>Checks the outputs, then takes the checkpoint's <see cref="RunLock"/> (returned, null without --checkpoint) and removes leftovers.</summary>
    public static RunLock? Claim(Settings settings, TextData data, TextWriter error)
    {
        var outputs = new List<Output>();
        if (settings.Checkpoint is { } checkpoint)
        {
            outputs.Add(new("--checkpoint", "the checkpoint", Path.GetFullPath(checkpoint), "a checkpoint", Checkpoint.IsCheckpoint));
            string best = new TrainerOptions { CheckpointPath = checkpoint }.BestCheckpointPath!;
            outputs.Add(new("--checkpoint", "the best checkpoint", Path.GetFullPath(best), "a checkpoint", Checkpoint.IsCheckpoint));
        }
        if (settings.HistoryPath is { } history)
            outputs.Add(new("--history", "the history", Path.GetFullPath(history), "a training history", IsHistory));

        foreach (Output o in outputs)
        {
            string where = $"{o.Option}: {o.Role} would go to '{o.Path}'";
            if (o.Path == data.FilePath) throw new UsageException($"{where}, which is the data file; give {o.Option} another path.");
            if (Directory.Exists(o.Path)) throw new UsageException($"{where}, which is a folder; give a file path.");
            if (outputs.FirstOrDefault(other => other != o && other.Path == o.Path) is { } other)
                throw new UsageException($"{where}, where {other.Role} goes too; give {o.Option} another path.");
            if (!File.Exists(o.Path)) continue;
            if (!o.IsOfKind(o.Path))
                throw new UsageException($"{where}, which holds a file that is not {o.Kind} of rnn-train; rnn-train never writes over it: give another path, or move the file away.");
            if (!settings.Resume && !settings.Overwrite)
                throw new UsageException($"{o.Option}: '{o.Path}' already holds {o.Kind}{StepOf(o.Path)}; continue its run with --resume, or replace it with --overwrite.");
        }
        foreach (var (folder, option) in outputs.Select(o => (Path.GetDirectoryName(o.Path)!, o.Option)).DistinctBy(f => f.Item1))
            CheckWritable(folder, option);
        RunLock? runLock = settings.Checkpoint is { } locked ? RunLock.Take(locked) : null;  // before the leftovers: a running save's are not
        foreach (var written in outputs.GroupBy(o => o.Option))
            RemoveTemporaryFiles(written.Select(o => o.Path), written.Key == "--checkpoint" ? settings.Checkpoint! : settings.HistoryPath!, error);
        return runLock;
    }

    /// <summary>A file whose first line is the header of <see cref="History.ToCsv"/>.</summary>
    private static bool IsHistory(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() == History.CsvHeader;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>" (step 600)" for a checkpoint that records its step, else "".</summary>
    private static string StepOf(string path) =>
        Checkpoint.IsCheckpoint(path) && Safetensors.ReadMetadata(path).TryGetValue(Checkpoint.TrainerPrefix + "step", out string? step)
            ? string.Create(CultureInfo.InvariantCulture, $" (step {step})") : "";

    /// <summary>Creates <paramref name="folder"/> if needed and writes (and removes) a file in it; throws an IOException naming <paramref name="option"/> when it cannot.</summary>
    private static void CheckWritable(string folder, string option)
    {
        for (string? up = folder; up is not null; up = Path.GetDirectoryName(up))
            if (File.Exists(up))
                throw new IOException($"{option}: cannot create the folder '{folder}', because '{up}' is a file; give a path in a folder.");
        try
        {
            Directory.CreateDirectory(folder);
            using (File.Create(Path.Combine(folder, $".rnn-train.{Guid.NewGuid():N}.tmp"), 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option}: cannot write in '{folder}' ({e.Message.TrimEnd('.')}); give a path in a folder you can write to.", e);
        }
    }

    /// <summary>Removes the temporary files that killed writes of <paramref name="paths"/> left, with a note naming <paramref name="output"/>.</summary>
    private static void RemoveTemporaryFiles(IEnumerable<string> paths, string output, TextWriter error)
    {
        string[] leftovers = paths.SelectMany(AtomicFile.TemporaryFiles).ToArray();
        if (leftovers.Length == 0) return;
        foreach (string file in leftovers) File.Delete(file);
        error.WriteLine($"rnn-train: note: removed {leftovers.Length} temporary file{(leftovers.Length > 1 ? "s" : "")} that interrupted saves of '{output}' left behind " +
                        $"({string.Join(", ", leftovers.Select(Path.GetFileName))}).");
    }
}
