using System.Security.Cryptography;

namespace RnnCourse.Data;

/// <summary>
/// Finds a corpus file, in this order: (1) the folder named by the environment variable
/// <see cref="DataVariable"/> (RNN_COURSE_DATA), (2) the cache folder — the repository's data/ (found by
/// walking up from the current directory, then from the library's location, to the folder holding
/// rnn-course.sln), else a per-user cache (XDG_CACHE_HOME or ~/.cache, or LocalApplicationData, /rnn-course) —
/// and (3) a download from the file's canonical address into the cache (to a temporary file, checked, then
/// moved into place, so a half-written file is never seen). Every file found or fetched is checked by
/// SHA-256; a file with the wrong hash is refused, never used.
/// </summary>
public sealed class CorpusResolver
{
    /// <summary>The environment variable naming a folder that already holds the corpora.</summary>
    public const string DataVariable = "RNN_COURSE_DATA";

    private const string SolutionFile = "rnn-course.sln";

    private readonly HttpMessageHandler? _handler;

    /// <param name="dataFolder">The folder searched first (what RNN_COURSE_DATA names), or null.</param>
    /// <param name="cacheFolder">Where downloads are kept and searched second.</param>
    /// <param name="handler">The HTTP handler downloads go through (tests pass one that never touches the network); null for the default.</param>
    public CorpusResolver(string? dataFolder, string cacheFolder, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheFolder);
        DataFolder = string.IsNullOrWhiteSpace(dataFolder) ? null : dataFolder;
        CacheFolder = cacheFolder;
        _handler = handler;
    }

    /// <summary>The resolver the corpora use by default: RNN_COURSE_DATA, the default cache folder, the network.</summary>
    public static CorpusResolver FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(DataVariable), DefaultCacheFolder());

    /// <summary>The folder searched first, or null.</summary>
    public string? DataFolder { get; }

    /// <summary>Where downloads are kept.</summary>
    public string CacheFolder { get; }

    /// <summary>How long a download may take.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The path of a verified copy of <paramref name="file"/>, downloading it when no folder has it.</summary>
    public string Resolve(CorpusFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (DataFolder is not null)
        {
            string candidate = Path.Combine(DataFolder, file.FileName);
            if (File.Exists(candidate)) return Verified(candidate, file);
        }
        string cached = Path.Combine(CacheFolder, file.FileName);
        if (File.Exists(cached)) return Verified(cached, file);
        return Download(file, cached);
    }

    /// <summary>The lower-case hex SHA-256 of the file at <paramref name="path"/>.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>The repository's data/ folder when the library runs inside the repository, else a per-user cache folder.</summary>
    public static string DefaultCacheFolder()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(typeof(CorpusResolver).Assembly.Location) ?? "" })
        {
            for (var folder = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile))) return Path.Combine(folder.FullName, "data");
            }
        }
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "rnn-course", "data");
    }

    private static string Verified(string path, CorpusFile file)
    {
        string actual = Sha256Of(path);
        if (actual != file.Sha256)
            throw new InvalidDataException(
                $"The corpus file '{path}' has SHA-256 {actual}, but {file.FileName} must have SHA-256 {file.Sha256}: " +
                $"it is corrupt, truncated or a different file. Delete it (it is then downloaded again from {file.Address}) " +
                "or replace it with a fresh copy from that address.");
        return path;
    }

    private string Download(CorpusFile file, string destination)
    {
        byte[] content;
        try
        {
            using var client = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
            client.Timeout = DownloadTimeout;
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, file.Address));
            response.EnsureSuccessStatusCode();
            using var body = response.Content.ReadAsStream();
            using var buffer = new MemoryStream();
            body.CopyTo(buffer);
            content = buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or NotSupportedException)
        {
            throw new FileNotFoundException(
                $"The corpus file {file.FileName} was not found and could not be downloaded from {file.Address} ({e.Message}). " +
                $"Looked in {(DataFolder is null ? $"{DataVariable} (not set)" : $"{DataVariable}='{DataFolder}'")} and in the cache '{CacheFolder}'. " +
                $"Download {file.Address} by hand and save it as {file.FileName} in a folder named by {DataVariable}, or in '{CacheFolder}'.",
                file.FileName, e);
        }

        string actual = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        if (actual != file.Sha256)
            throw new InvalidDataException(
                $"The download of {file.FileName} from {file.Address} has SHA-256 {actual}, but it must have {file.Sha256}; nothing was saved. " +
                "The file at that address changed or the transfer was altered. Try again later, or put a copy with the right hash " +
                $"in the folder named by {DataVariable}.");

        Directory.CreateDirectory(CacheFolder);
        string temporary = Path.Combine(CacheFolder, $"{file.FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, content);
        try
        {
            File.Move(temporary, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            File.Delete(temporary); // another process finished the same download first
            return Verified(destination, file);
        }
        return destination;
    }
}
