using System.Text;
using System.Text.RegularExpressions;

namespace RnnCourse.Files;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a part: the bytes go to a temporary file
/// beside the target (".NAME.&lt;32 hex digits&gt;.tmp", in the target's folder, made if missing), are flushed to disk,
/// and the temporary file is then renamed over the target. A write that fails (a full disk) leaves the target as it was
/// and removes its temporary file; one killed part-way leaves a temporary file that <see cref="TemporaryFiles"/> finds.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Writes through <paramref name="write"/>, which receives the temporary file's stream.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, (stream, _) => write(stream));

    /// <summary>
    /// As <see cref="Write(string, Action{Stream})"/>; <paramref name="write"/> also receives the temporary file's path
    /// (for <see cref="Training.Safetensors"/>'s test seam, which acts at each stage of a save).
    /// </summary>
    internal static void Write(string path, Action<FileStream, string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream, temporary);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The temporary files that writes of <paramref name="path"/> killed part-way left beside it, in name order.</summary>
    public static string[] TemporaryFiles(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        if (!Directory.Exists(folder)) return [];
        var pattern = new Regex($"^\\.{Regex.Escape(name)}\\.[0-9a-f]{{32}}\\.tmp$");
        return Directory.EnumerateFiles(folder, $".{name}.*.tmp").Where(f => pattern.IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToArray();
    }
}
