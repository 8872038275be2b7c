namespace RnnCourse.RnnTrainer;

/// <summary>
/// Keeps a second training run off a checkpoint that one is writing: the run holds ".NAME.lock" beside the checkpoint,
/// opened exclusively (an advisory lock that the system releases when the process ends, however it ends), and removes it
/// when done. Two runs writing one checkpoint would save over each other's steps.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="checkpoint"/>; an IOException naming the checkpoint if another run holds it.</summary>
    public static RunLock Take(string checkpoint)
    {
        string full = Path.GetFullPath(checkpoint);
        string path = LockPath(full);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            file.SetLength(0);
            file.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            file.Flush();
            return new RunLock(file);
        }
        catch (IOException e) when (File.Exists(path) && e is not PathTooLongException)
        {
            throw new IOException($"--checkpoint: another rnn-train run is writing '{checkpoint}' (it holds '{Path.GetFileName(path)}' beside it); " +
                                  "wait for it to finish or stop it, or give another --checkpoint.", e);
        }
    }

    /// <summary>The lock file of a checkpoint: ".NAME.lock" in its folder.</summary>
    public static string LockPath(string checkpoint)
    {
        string full = Path.GetFullPath(checkpoint);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.lock");
    }

    public void Dispose() => _file.Dispose();
}
