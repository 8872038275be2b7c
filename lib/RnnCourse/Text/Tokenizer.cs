namespace RnnCourse.Text;

/// <summary>
/// What every tokenizer of the course does, named as in Microsoft.ML.Tokenizers: text to ids
/// (<see cref="EncodeToIds"/>), text to tokens with offsets (<see cref="EncodeToTokens"/>), and ids back
/// to text (<see cref="Decode"/>). Ids 0..3 are always the specials of <see cref="Vocabulary"/>:
/// &lt;pad&gt;=0, &lt;unk&gt;=1, &lt;s&gt;=2, &lt;/s&gt;=3.
/// </summary>
public abstract class Tokenizer
{
    /// <summary>How many ids this tokenizer can produce (specials included); ids are 0..VocabularySize-1.</summary>
    public abstract int VocabularySize { get; }

    /// <summary>The ids of <paramref name="text"/>.</summary>
    public abstract IReadOnlyList<int> EncodeToIds(string text);

    /// <summary>The tokens of <paramref name="text"/> with their ids, texts and offsets.</summary>
    public abstract IReadOnlyList<EncodedToken> EncodeToTokens(string text);

    /// <summary>
    /// The text of <paramref name="ids"/>. &lt;pad&gt;, &lt;s&gt; and &lt;/s&gt; are skipped; an id outside
    /// 0..VocabularySize-1 is an error.
    /// </summary>
    public abstract string Decode(IEnumerable<int> ids);

    /// <summary>The number of tokens <paramref name="text"/> encodes to.</summary>
    public int CountTokens(string text) => EncodeToIds(text).Count;

    /// <summary>The tokenizer as JSON (with a "format" field naming its kind).</summary>
    public abstract string ToJson();

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>
    /// Loads any tokenizer saved by <see cref="Save"/>, choosing the kind from the file's "format" field.
    /// </summary>
    public static Tokenizer Load(string path)
    {
        string json = TokenizerJson.ReadFile(path), source = $"'{path}'";
        string format = TokenizerJson.Parse(json, source, root => TokenizerJson.RequiredString(root, "format", source));
        return format switch
        {
            CharTokenizer.Format => CharTokenizer.FromJson(json, source),
            WordTokenizer.Format => WordTokenizer.FromJson(json, source),
            BpeTokenizer.Format => BpeTokenizer.FromJson(json, source),
            _ => throw new InvalidDataException(
                $"'{path}' has format '{format}', which is not a tokenizer of this library " +
                $"(expected '{CharTokenizer.Format}', '{WordTokenizer.Format}' or '{BpeTokenizer.Format}'). " +
                "Re-create the file with the tokenizer's Save method."),
        };
    }

    /// <summary>Throws the common "unknown id" error for Decode.</summary>
    private protected void ThrowUnknownId(int id) =>
        throw new ArgumentOutOfRangeException(nameof(id), id,
            $"Token id {id} is not in this tokenizer's vocabulary (ids 0..{VocabularySize - 1}). " +
            "Decode only ids produced by this tokenizer, or the tokenizer the ids were made with.");

    private protected static void ThrowIfUnpairedSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            throw new ArgumentException(
                $"The text has an unpaired UTF-16 surrogate (U+{(int)c:X4}) at index {i}; it is not valid Unicode and " +
                "has no UTF-8 encoding. Remove it or replace it with U+FFFD before encoding.", nameof(text));
        }
    }
}
