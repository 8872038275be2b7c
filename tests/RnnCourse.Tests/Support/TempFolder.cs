namespace RnnCourse.Tests.Support;

/// <summary>A folder for one test's files, removed afterwards: <c>using var folder = new TempFolder();</c></summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rnncourse-").FullName;

    /// <summary>The path of <paramref name="name"/> in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
