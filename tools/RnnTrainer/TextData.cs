using System.Security.Cryptography;
using RnnCourse.Data;
using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.RnnTrainer;

/// <summary>How a text file is read: one item per line (names: each line a sentence of characters) or one continuous stream (a play).</summary>
public enum TextFormat { Lines, Stream }

/// <summary>
/// A text split into train, validation and test parts and encoded as characters. Lines are framed as
/// sentences by the batching (&lt;s&gt; name &lt;/s&gt;); a stream is cut into windows for truncated BPTT.
/// </summary>
public sealed class TextData
{
    private TextData(string description, string source, string filePath, string sha256, TextFormat format, CharTokenizer tokenizer,
        IReadOnlyList<string> trainLines, IReadOnlyList<string> validationLines, IReadOnlyList<string> testLines,
        string trainText, string validationText, string testText)
    {
        Description = description;
        Source = source;
        FilePath = filePath;
        Sha256 = sha256;
        Format = format;
        Tokenizer = tokenizer;
        TrainLines = trainLines;
        ValidationLines = validationLines;
        TestLines = testLines;
        TrainText = trainText;
        ValidationText = validationText;
        TestText = testText;
    }

    /// <summary>A one-line description for the log, e.g. "names: 28,830 train, 3,203 validation, 1,000 test lines".</summary>
    public string Description { get; }

    /// <summary>Where the text came from, as stored in checkpoints: "corpus:names", "corpus:shakespeare" or "file:/full/path".</summary>
    public string Source { get; }

    /// <summary>The full path of the file read (a corpus's too), which no output may overwrite.</summary>
    public string FilePath { get; }

    /// <summary>The SHA-256 of the file's bytes, lower-case hex: what a checkpoint records to recognise its data.</summary>
    public string Sha256 { get; }

    /// <summary>The longest line, in characters, of a file read as lines (one name or word per line); longer text is a stream.</summary>
    public const int MaxLineLength = 1000;

    public TextFormat Format { get; }
    public CharTokenizer Tokenizer { get; }
    public Vocabulary Vocabulary => Tokenizer.Vocabulary;

    public IReadOnlyList<string> TrainLines { get; }
    public IReadOnlyList<string> ValidationLines { get; }
    public IReadOnlyList<string> TestLines { get; }
    public string TrainText { get; }
    public string ValidationText { get; }
    public string TestText { get; }

    /// <summary>The lines of a split encoded as ids (no framing).</summary>
    public IReadOnlyList<int>[] Lines(string split) => SplitLines(split).Select(line => Tokenizer.EncodeToIds(line)).ToArray();

    /// <summary>The text of a split encoded as one stream of ids.</summary>
    public int[] Stream(string split) => Tokenizer.EncodeToIds(SplitText(split)).ToArray();

    /// <summary>The distinct characters of the whole text that the tokenizer does not know (they encode to &lt;unk&gt;), the most frequent first.</summary>
    public string[] UnknownCharacters() =>
        CharTokenizer.Train(string.Concat(TrainLines.Concat(ValidationLines).Concat(TestLines)) + TrainText + ValidationText + TestText)
            .Vocabulary.Tokens.Skip(Vocabulary.SpecialCount).Where(c => !Vocabulary.Contains(c)).ToArray();

    /// <summary>The fraction of the characters of a split that encode to &lt;unk&gt;.</summary>
    public double UnknownRate(string split)
    {
        int[] ids = Format == TextFormat.Lines ? Lines(split).SelectMany(l => l).ToArray() : Stream(split);
        return ids.Length == 0 ? 0 : (double)ids.Count(id => id == Vocabulary.UnknownId) / ids.Length;
    }

    /// <summary>True when the split holds no text.</summary>
    public bool IsEmpty(string split) => Format == TextFormat.Lines ? SplitLines(split).Count == 0 : SplitText(split).Length == 0;

    private IReadOnlyList<string> SplitLines(string split) => split switch
    {
        "train" => TrainLines,
        "validation" => ValidationLines,
        "test" => TestLines,
        _ => throw new ArgumentException($"Unknown split '{split}'; use train, validation or test."),
    };

    private string SplitText(string split) => split switch
    {
        "train" => TrainText,
        "validation" => ValidationText,
        "test" => TestText,
        _ => throw new ArgumentException($"Unknown split '{split}'; use train, validation or test."),
    };

    /// <summary>
    /// Reads a corpus (names, shakespeare) or a file. <paramref name="format"/> "auto" reads a file as lines when no
    /// line holds a space or a tab (a list of names or words), else as a stream. A file read as lines is shuffled with
    /// <paramref name="splitSeed"/> and split 80/10/10; a stream is split 90/10 (train, validation), as tiny Shakespeare.
    /// The characters are those of the whole text unless <paramref name="tokenizer"/> (a checkpoint's) is given.
    /// </summary>
    public static TextData Load(string? dataPath, string? corpus, string format, int splitSeed, CharTokenizer? tokenizer = null)
    {
        if (dataPath is not null && corpus is not null)
            throw new UsageException("Give either --data PATH or --corpus NAME, not both.");
        if (dataPath is null && corpus is null)
            throw new UsageException("Say what to train on: --corpus names, --corpus shakespeare, or --data PATH (a text file).");
        if (corpus is not null)
        {
            switch (corpus)
            {
                case "names":
                {
                    if (format == "stream") throw new UsageException("The names corpus is one name per line; use --format lines (or leave --format out).");
                    NamesCorpus names = Corpus.Names(seed: splitSeed);
                    CharTokenizer chars = tokenizer ?? CharTokenizer.Train(string.Concat(names.All));
                    return new TextData(
                        $"names: {names.Train.Count:N0} train, {names.Validation.Count:N0} validation, {names.Test.Count:N0} test names",
                        "corpus:names", names.Path, CorpusFile.Names.Sha256, TextFormat.Lines, chars, names.Train, names.Validation, names.Test, "", "", "");
                }
                case "shakespeare":
                {
                    if (format == "lines") throw new UsageException("Tiny Shakespeare is one continuous text; use --format stream (or leave --format out).");
                    TextCorpus text = Corpus.TinyShakespeare();
                    CharTokenizer chars = tokenizer ?? CharTokenizer.Train(text.Text);
                    return new TextData(
                        $"tiny Shakespeare: {text.Train.Length:N0} train, {text.Validation.Length:N0} validation characters",
                        "corpus:shakespeare", text.Path, CorpusFile.TinyShakespeare.Sha256, TextFormat.Stream, chars, [], [], [], text.Train, text.Validation, text.Test);
                }
                default:
                    throw new UsageException($"Unknown corpus '{corpus}'; use names or shakespeare, or --data PATH.");
            }
        }

        string path = Path.GetFullPath(dataPath!);
        if (Directory.Exists(path)) throw new FileNotFoundException($"--data: '{path}' is a folder; give a text file.", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"--data: no file at '{path}'.", path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--data: cannot read '{path}' ({e.Message.TrimEnd('.')}); check that it is a readable file.", e);
        }
        string sha256 = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        string all = TextFile.Decode(bytes, $"--data '{path}'");
        if (all.Length == 0) throw new InvalidDataException($"--data: '{path}' is empty; give a text file with something to learn.");
        string[] lines = all.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        bool asLines = format switch
        {
            "lines" => true,
            "stream" => false,
            _ => lines.All(l => !l.Trim().Contains(' ') && !l.Trim().Contains('\t')),
        };
        if (asLines)
        {
            int longest = Array.FindIndex(lines, l => l.Trim().Length > MaxLineLength);
            if (longest >= 0)
                throw new InvalidDataException(
                    $"--data: line {longest + 1:N0} of '{path}' is {lines[longest].Trim().Length:N0} characters long, more than the {MaxLineLength:N0} a line may hold " +
                    "when the file is read as lines (one name or word per line); read it as one text with --format stream.");
            string[] items = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            if (items.Length < 3)
                throw new InvalidDataException($"--data: '{path}' has {items.Length} non-blank lines; reading it as lines needs at least 3 (train, validation, test).");
            var shuffled = items.ToList();
            new Generator(unchecked((ulong)splitSeed)).Shuffle(shuffled);
            int held = Math.Max(1, (int)Math.Round(0.1 * items.Length));
            int trainCount = items.Length - 2 * held;
            CharTokenizer chars = tokenizer ?? CharTokenizer.Train(string.Concat(items));
            return new TextData(
                $"{Path.GetFileName(path)} as lines: {trainCount:N0} train, {held:N0} validation, {held:N0} test lines",
                "file:" + path, path, sha256, TextFormat.Lines, chars,
                shuffled.GetRange(0, trainCount), shuffled.GetRange(trainCount, held), shuffled.GetRange(trainCount + held, held), "", "", "");
        }
        int validationStart = (int)(all.Length * 0.9);
        CharTokenizer streamChars = tokenizer ?? CharTokenizer.Train(all);
        return new TextData(
            $"{Path.GetFileName(path)} as a stream: {validationStart:N0} train, {all.Length - validationStart:N0} validation characters",
            "file:" + path, path, sha256, TextFormat.Stream, streamChars, [], [], [], all[..validationStart], all[validationStart..], "");
    }

    /// <summary>What --data or --corpus names, as <see cref="Source"/> and <see cref="Sha256"/> say it, without reading it as text.</summary>
    public static (string Source, string Sha256) Identify(string? dataPath, string? corpus) => corpus switch
    {
        "names" => ("corpus:names", CorpusFile.Names.Sha256),
        "shakespeare" => ("corpus:shakespeare", CorpusFile.TinyShakespeare.Sha256),
        null when dataPath is not null && File.Exists(dataPath) => ("file:" + Path.GetFullPath(dataPath), CorpusResolver.Sha256Of(dataPath)),
        null when dataPath is not null => throw new FileNotFoundException($"--data: no file at '{Path.GetFullPath(dataPath)}'.", dataPath),
        _ => throw new UsageException($"Unknown corpus '{corpus}'; use names or shakespeare, or --data PATH."),
    };

    /// <summary>The --data path or --corpus name that the source ("corpus:names", "file:/path") of <paramref name="checkpoint"/> stands for.</summary>
    public static (string? DataPath, string? Corpus) OptionsOf(string source, string checkpoint)
    {
        if (source.StartsWith("corpus:", StringComparison.Ordinal)) return (null, source["corpus:".Length..]);
        if (!source.StartsWith("file:", StringComparison.Ordinal))
            throw new InvalidDataException($"Checkpoint '{checkpoint}' names its data as '{source}', which is neither a corpus nor a file; pass --data or --corpus.");
        string path = source["file:".Length..];
        return File.Exists(path) ? (path, null)
            : throw new FileNotFoundException($"Checkpoint '{checkpoint}' was trained on '{path}', which is no longer there; pass --data PATH with a copy of it.", path);
    }
}

/// <summary>A command line that cannot run as given; the message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
