using RnnCourse.Data;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Data;

/// <summary>
/// The real corpora for tests, read from the folder named by RNN_COURSE_DATA and never downloaded: where a
/// corpus is not found, <see cref="Resolver"/> skips the test ("skipped: corpus not found"; a failure under
/// RNN_COURSE_STRICT=1), so its callers are [SkippableFact]s. Disposing deletes the throw-away cache folder.
/// </summary>
public sealed class LocalCorpora(ITestOutputHelper output) : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("corpus-cache-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    /// <summary>A resolver over RNN_COURSE_DATA only; the test is skipped when the file is not there.</summary>
    public CorpusResolver? Resolver(CorpusFile file)
    {
        string? folder = Environment.GetEnvironmentVariable(CorpusResolver.DataVariable);
        bool present = !string.IsNullOrWhiteSpace(folder) && File.Exists(Path.Combine(folder, file.FileName));
        return Requires.Tool(present, "corpus", output) ? new CorpusResolver(folder, _cache, FakeHttpHandler.Offline()) : null;
    }
}
