using System.Text;
using System.Text.Json;

namespace RnnCourse.Text;

/// <summary>
/// One token per Unicode character (code point, so an emoji made of a surrogate pair is one token).
/// The characters are those of the training text seen at least minCount times; any other character
/// encodes to &lt;unk&gt; and decodes to U+FFFD, the Unicode replacement character.
/// </summary>
public sealed class CharTokenizer : Tokenizer
{
    internal const string Format = "rnn-course/char-tokenizer";

    /// <summary>The vocabulary: the specials, then one token per character.</summary>
    public Vocabulary Vocabulary { get; }

    public CharTokenizer(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        for (int id = Vocabulary.SpecialCount; id < vocabulary.Count; id++)
        {
            string token = vocabulary[id];
            if (!Rune.TryGetRuneAt(token, 0, out var rune) || rune.Utf16SequenceLength != token.Length)
                throw new ArgumentException($"Token {id} (\"{token}\") is not a single character; a CharTokenizer needs one character per token.", nameof(vocabulary));
        }
        Vocabulary = vocabulary;
        _singleCharIds = new int[char.MaxValue + 1];
        Array.Fill(_singleCharIds, Vocabulary.UnknownId);
        for (int id = Vocabulary.SpecialCount; id < vocabulary.Count; id++)
        {
            if (vocabulary[id].Length == 1) _singleCharIds[vocabulary[id][0]] = id;
        }
    }

    /// <summary>Ids of the characters that are one UTF-16 char, indexed by the char: a fast path for encoding.</summary>
    private readonly int[] _singleCharIds;

    /// <summary>Learns the characters of <paramref name="text"/> (most frequent first; see <see cref="Vocabulary.Build"/>).</summary>
    public static CharTokenizer Train(string text, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfUnpairedSurrogate(text);
        return new CharTokenizer(Vocabulary.Build(Characters(text), minCount));
    }

    public override int VocabularySize => Vocabulary.Count;

    public override IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfUnpairedSurrogate(text);
        var ids = new List<int>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i])) { ids.Add(Vocabulary.IdOf(text.Substring(i, 2))); i++; }
            else ids.Add(_singleCharIds[text[i]]);
        }
        return ids;
    }

    public override IReadOnlyList<EncodedToken> EncodeToTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfUnpairedSurrogate(text);
        var tokens = new List<EncodedToken>(text.Length);
        int start = 0;
        foreach (string character in Characters(text))
        {
            tokens.Add(new EncodedToken(Vocabulary.IdOf(character), character, start..(start + character.Length)));
            start += character.Length;
        }
        return tokens;
    }

    public override string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)Vocabulary.Count) ThrowUnknownId(id);
            if (id == Vocabulary.UnknownId) text.Append('\uFFFD');
            else if (id >= Vocabulary.SpecialCount) text.Append(Vocabulary[id]);
        }
        return text.ToString();
    }

    public override string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            Vocabulary.WriteTo(writer, Format);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a tokenizer saved by <see cref="Tokenizer.Save"/>.</summary>
    public static new CharTokenizer Load(string path) => FromJson(TokenizerJson.ReadFile(path), $"'{path}'");

    /// <summary>Reads a tokenizer from <see cref="ToJson"/>'s text.</summary>
    public static CharTokenizer FromJson(string json) => FromJson(json, "the JSON text");

    internal static CharTokenizer FromJson(string json, string source) =>
        TokenizerJson.Parse(json, source, root =>
        {
            TokenizerJson.RequireFormat(root, Format, source);
            var vocabulary = Vocabulary.ReadFrom(root, source);
            try { return new CharTokenizer(vocabulary); }
            catch (ArgumentException e) { throw TokenizerJson.Corrupt(source, e.Message, e); }
        });

    /// <summary>The characters (code points) of <paramref name="text"/>, each as a string of 1 or 2 chars.</summary>
    private static IEnumerable<string> Characters(string text)
    {
        for (int i = 0; i < text.Length;)
        {
            int length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            yield return text.Substring(i, length);
            i += length;
        }
    }
}
