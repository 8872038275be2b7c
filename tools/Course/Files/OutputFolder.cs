namespace RnnCourse.CourseTool;

/// <summary>Checks an output folder before any work starts, so that a run never ends in a write that cannot happen.</summary>
public static class OutputFolder
{
    /// <summary>
    /// Makes <paramref name="folder"/> if needed and proves it writable with a probe file; <paramref name="option"/>
    /// names the option in the message.
    /// </summary>
    /// <exception cref="UsageException">A file, or a folder that cannot be made or written.</exception>
    public static string Prepare(string folder, string option)
    {
        string full = Path.GetFullPath(folder);
        if (File.Exists(full))
            throw new UsageException($"{option} '{folder}' is a file; give a folder (it is made when missing).");
        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".course-write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{folder}' cannot be written ({e.Message}); choose a folder you can write to.");
        }
        return full;
    }
}

/// <summary>A wrong command line or an output location that cannot be used: the message says which option and what to do.</summary>
public sealed class UsageException(string message) : Exception(message);
