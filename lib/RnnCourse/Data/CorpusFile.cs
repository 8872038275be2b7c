namespace RnnCourse.Data;

/// <summary>A corpus file that is not ours: its file name in data folders, its canonical address, and the SHA-256 it must have.</summary>
/// <param name="FileName">The name the file has in a data folder, e.g. "names.txt".</param>
/// <param name="Address">Where it is downloaded from.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
public sealed record CorpusFile(string FileName, Uri Address, string Sha256)
{
    /// <summary>32,033 first names, one per line, from Karpathy's makemore (MIT).</summary>
    public static CorpusFile Names { get; } = new(
        "names.txt",
        new Uri("https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"),
        "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d");

    /// <summary>Tiny Shakespeare: 1,115,394 characters of the plays, from Karpathy's char-rnn (MIT; the text is public domain).</summary>
    public static CorpusFile TinyShakespeare { get; } = new(
        "tinyshakespeare.txt",
        new Uri("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");

    /// <summary>Every corpus the chapters read, for fetching them all at once (<c>course data</c>).</summary>
    public static IReadOnlyList<CorpusFile> All { get; } = [Names, TinyShakespeare];
}
