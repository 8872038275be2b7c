using System.Net;
using System.Security.Cryptography;
using System.Text;
using RnnCourse.Data;

namespace RnnCourse.Tests.Data;

public sealed class CorpusResolverTests : IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("emma\nolivia\nava\n");
    private static readonly CorpusFile File = new("tiny-names.txt", new Uri("https://example.invalid/tiny-names.txt"),
        Convert.ToHexString(SHA256.HashData(Content)).ToLowerInvariant());

    private readonly string _root = Directory.CreateTempSubdirectory("corpus-resolver-").FullName;
    private string DataFolder => Path.Combine(_root, "shared");
    private string CacheFolder => Path.Combine(_root, "cache");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Put(string folder, byte[] content)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, File.FileName);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void FindsTheFileInTheDataFolderFirstWithoutTheNetwork()
    {
        string expected = Put(DataFolder, Content);
        Put(CacheFolder, Content);
        var handler = FakeHttpHandler.Offline();
        Assert.Equal(expected, new CorpusResolver(DataFolder, CacheFolder, handler).Resolve(File));
        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public void FallsBackToTheCache()
    {
        string expected = Put(CacheFolder, Content);
        Directory.CreateDirectory(DataFolder);
        Assert.Equal(expected, new CorpusResolver(DataFolder, CacheFolder, FakeHttpHandler.Offline()).Resolve(File));
        Assert.Equal(expected, new CorpusResolver(null, CacheFolder, FakeHttpHandler.Offline()).Resolve(File));
    }

    [Fact]
    public void DownloadsIntoTheCacheAndThenUsesIt()
    {
        var handler = FakeHttpHandler.Serving(Content);
        var resolver = new CorpusResolver(DataFolder, CacheFolder, handler);
        string path = resolver.Resolve(File);
        Assert.Equal(Path.Combine(CacheFolder, File.FileName), path);
        Assert.Equal(Content, System.IO.File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(CacheFolder)); // no temporary file left behind
        resolver.Resolve(File);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public void RefusesAFileWithTheWrongHash()
    {
        string path = Put(DataFolder, Encoding.UTF8.GetBytes("emma\nolivia\n"));
        var error = Assert.Throws<InvalidDataException>(() => new CorpusResolver(DataFolder, CacheFolder, FakeHttpHandler.Offline()).Resolve(File));
        Assert.Contains(path, error.Message);
        Assert.Contains(File.Sha256, error.Message);
        Assert.Contains(CorpusResolver.Sha256Of(path), error.Message);
        Assert.Contains("Delete it", error.Message);
    }

    [Fact]
    public void RefusesACorruptDownloadAndSavesNothing()
    {
        var corrupt = FakeHttpHandler.Serving(Encoding.UTF8.GetBytes("<html>rate limited</html>"));
        var error = Assert.Throws<InvalidDataException>(() => new CorpusResolver(DataFolder, CacheFolder, corrupt).Resolve(File));
        Assert.Contains(File.Sha256, error.Message);
        Assert.Contains(File.Address.ToString(), error.Message);
        Assert.Contains("nothing was saved", error.Message);
        Assert.False(Directory.Exists(CacheFolder) && Directory.EnumerateFileSystemEntries(CacheFolder).Any());
    }

    [Fact]
    public void OfflineAndAbsentNamesTheFileTheVariableAndTheAddress()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new CorpusResolver(DataFolder, CacheFolder, FakeHttpHandler.Offline()).Resolve(File));
        Assert.Contains(File.FileName, error.Message);
        Assert.Contains(CorpusResolver.DataVariable, error.Message);
        Assert.Contains(File.Address.ToString(), error.Message);
        Assert.Contains(CacheFolder, error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public void AnHttpErrorIsTreatedAsOffline()
    {
        var notFound = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound));
        var error = Assert.Throws<FileNotFoundException>(() => new CorpusResolver(null, CacheFolder, notFound).Resolve(File));
        Assert.Contains("404", error.Message);
        Assert.Contains($"{CorpusResolver.DataVariable} (not set)", error.Message);
    }

    [Fact]
    public void TheDefaultCacheIsTheRepositoryDataFolder()
    {
        // Tests run inside the repository, so walking up from the current directory finds rnn-course.sln.
        string cache = CorpusResolver.DefaultCacheFolder();
        Assert.Equal("data", Path.GetFileName(cache));
        Assert.True(System.IO.File.Exists(Path.Combine(Path.GetDirectoryName(cache)!, "rnn-course.sln")));
    }

    [Fact]
    public void TheKnownCorporaHaveTheirCanonicalAddressesAndHashes()
    {
        Assert.Equal("https://raw.githubusercontent.com/karpathy/makemore/master/names.txt", CorpusFile.Names.Address.ToString());
        Assert.Equal("0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d", CorpusFile.Names.Sha256);
        Assert.Equal("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt", CorpusFile.TinyShakespeare.Address.ToString());
        Assert.Equal("86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed", CorpusFile.TinyShakespeare.Sha256);
    }
}
