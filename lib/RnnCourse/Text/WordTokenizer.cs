using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RnnCourse.Text;

/// <summary>
/// Words and punctuation found by a regular expression (by default <see cref="DefaultPattern"/>: runs of
/// letters/digits with inner apostrophes, or one punctuation mark), optionally lower-cased. Words not in
/// the vocabulary encode to &lt;unk&gt;. Decoding cannot restore the original spacing: it joins tokens with
/// one space, with no space before closing punctuation.
/// </summary>
public sealed class WordTokenizer : Tokenizer
{
    internal const string Format = "rnn-course/word-tokenizer";

    /// <summary>A word (letters, digits, underscore, with inner apostrophes as in "don't") or one other non-space character.</summary>
    public const string DefaultPattern = @"\w+(?:'\w+)*|[^\w\s]";

    private readonly Regex _regex;

    /// <summary>The vocabulary: the specials, then the words.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The regular expression whose matches are the tokens.</summary>
    public string Pattern { get; }

    /// <summary>Whether text is lower-cased (invariant culture) before matching.</summary>
    public bool LowerCase { get; }

    public WordTokenizer(Vocabulary vocabulary, string pattern = DefaultPattern, bool lowerCase = false)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(pattern);
        Vocabulary = vocabulary;
        Pattern = pattern;
        LowerCase = lowerCase;
        _regex = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    /// <summary>Splits <paramref name="text"/> into words and learns those seen at least <paramref name="minCount"/> times.</summary>
    public static WordTokenizer Train(string text, int minCount = 1, bool lowerCase = false, string pattern = DefaultPattern, int? maxVocabularySize = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var splitter = new WordTokenizer(Vocabulary.FromTokens([]), pattern, lowerCase);
        var vocabulary = Vocabulary.Build(splitter.Split(text), minCount, maxVocabularySize);
        return new WordTokenizer(vocabulary, pattern, lowerCase);
    }

    /// <summary>The words of <paramref name="text"/> as strings (after lower-casing when <see cref="LowerCase"/>).</summary>
    public IReadOnlyList<string> Split(string text) => [.. SplitMatches(text).Select(match => match.Value)];

    private IEnumerable<Match> SplitMatches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // ToLowerInvariant keeps the length, so match offsets are offsets into the original text.
        return _regex.Matches(LowerCase ? text.ToLowerInvariant() : text);
    }

    public override int VocabularySize => Vocabulary.Count;

    public override IReadOnlyList<int> EncodeToIds(string text) =>
        [.. SplitMatches(text).Select(match => Vocabulary.IdOf(match.Value))];

    public override IReadOnlyList<EncodedToken> EncodeToTokens(string text) =>
        [.. SplitMatches(text).Select(match =>
            new EncodedToken(Vocabulary.IdOf(match.Value), match.Value, match.Index..(match.Index + match.Length)))];

    public override string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)Vocabulary.Count) ThrowUnknownId(id);
            if (id is Vocabulary.PadId or Vocabulary.StartId or Vocabulary.EndId) continue;
            string word = Vocabulary[id];
            bool closing = word.Length == 1 && ".,;:!?)]}".Contains(word[0]);
            if (text.Length > 0 && !closing) text.Append(' ');
            text.Append(word);
        }
        return text.ToString();
    }

    public override string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("pattern", Pattern);
            writer.WriteBoolean("lowerCase", LowerCase);
            Vocabulary.WriteTo(writer, Format);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a tokenizer saved by <see cref="Tokenizer.Save"/>.</summary>
    public static new WordTokenizer Load(string path) => FromJson(TokenizerJson.ReadFile(path), $"'{path}'");

    /// <summary>Reads a tokenizer from <see cref="ToJson"/>'s text.</summary>
    public static WordTokenizer FromJson(string json) => FromJson(json, "the JSON text");

    internal static WordTokenizer FromJson(string json, string source) =>
        TokenizerJson.Parse(json, source, root =>
        {
            TokenizerJson.RequireFormat(root, Format, source);
            string pattern = TokenizerJson.RequiredString(root, "pattern", source);
            bool lowerCase = TokenizerJson.OptionalBool(root, "lowerCase", false, source);
            var vocabulary = Vocabulary.ReadFrom(root, source);
            try { return new WordTokenizer(vocabulary, pattern, lowerCase); }
            catch (ArgumentException e) { throw TokenizerJson.Corrupt(source, $"the pattern is not a valid regular expression ({e.Message})", e); }
        });
}
