using System.Text;
using System.Text.Json;

namespace RnnCourse.Text;

/// <summary>
/// A fixed mapping between tokens (strings) and ids. The four specials have the same ids in every
/// vocabulary and tokenizer of the course: &lt;pad&gt;=0 (padding, never predicted), &lt;unk&gt;=1
/// (anything not in the vocabulary), &lt;s&gt;=2 (sentence start, a context only) and &lt;/s&gt;=3
/// (sentence end, predicted). The other tokens follow from id 4 on, most frequent first; equal counts
/// are ordered by ordinal string comparison, so the same corpus always gives the same ids.
/// </summary>
public sealed class Vocabulary
{
    public const int PadId = 0;
    public const int UnknownId = 1;
    public const int StartId = 2;
    public const int EndId = 3;
    /// <summary>The number of special tokens (ids 0..3).</summary>
    public const int SpecialCount = 4;

    public const string Pad = "<pad>";
    public const string Unknown = "<unk>";
    public const string Start = "<s>";
    public const string End = "</s>";

    internal const string Format = "rnn-course/vocabulary";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(string[] tokens, string source)
    {
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int id = 0; id < tokens.Length; id++)
        {
            if (!_ids.TryAdd(tokens[id], id))
                throw TokenizerJson.Corrupt(source, $"the token \"{tokens[id]}\" appears twice (ids {_ids[tokens[id]]} and {id})");
        }
    }

    /// <summary>
    /// Builds a vocabulary from a token sequence: every token seen at least <paramref name="minCount"/>
    /// times gets an id, by count descending then ordinal order; at most <paramref name="maxSize"/> ids in
    /// all (specials included). Tokens equal to a special's text map to that special.
    /// </summary>
    public static Vocabulary Build(IEnumerable<string> tokens, int minCount = 1, int? maxSize = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (minCount < 1)
            throw new ArgumentOutOfRangeException(nameof(minCount), minCount, "minCount must be at least 1.");
        if (maxSize is < SpecialCount)
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"maxSize must be at least {SpecialCount} (the specials).");

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string token in tokens)
        {
            ArgumentNullException.ThrowIfNull(token, nameof(tokens));
            if (IsSpecial(token)) continue;
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        var kept = counts.Where(pair => pair.Value >= minCount)
                         .OrderByDescending(pair => pair.Value)
                         .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                         .Select(pair => pair.Key);
        if (maxSize is int size) kept = kept.Take(size - SpecialCount);
        return FromTokens(kept);
    }

    /// <summary>
    /// A vocabulary with exactly these tokens after the specials, in this order (ids 4, 5, ...).
    /// </summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens)
    {
        string[] all = [Pad, Unknown, Start, End, .. tokens];
        for (int i = SpecialCount; i < all.Length; i++)
        {
            if (all[i] is null) throw new ArgumentException($"Token {i - SpecialCount} is null.", nameof(tokens));
            if (IsSpecial(all[i]))
                throw new ArgumentException($"\"{all[i]}\" is a special token with a fixed id; leave it out of the list.", nameof(tokens));
        }
        return new Vocabulary(all, "the token list");
    }

    /// <summary>True for the four special token texts.</summary>
    public static bool IsSpecial(string token) => token is Pad or Unknown or Start or End;

    /// <summary>The number of ids (specials included).</summary>
    public int Count => _tokens.Length;

    /// <summary>The tokens in id order (specials first).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/> when it is not in the vocabulary.</summary>
    public int this[string token] => IdOf(token);

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string this[int id] => TokenOf(id);

    /// <inheritdoc cref="this[string]"/>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : UnknownId;

    /// <summary>True when <paramref name="token"/> has its own id.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>The id of <paramref name="token"/> when it has one.</summary>
    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    /// <summary>The token with id <paramref name="id"/>; an id outside 0..Count-1 is an error.</summary>
    public string TokenOf(int id)
    {
        if ((uint)id >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id,
                $"Id {id} is not in the vocabulary (ids 0..{_tokens.Length - 1}). Use ids made with this vocabulary.");
        return _tokens[id];
    }

    /// <summary>The ids of <paramref name="tokens"/>; unknown tokens become &lt;unk&gt;.</summary>
    public int[] Encode(IEnumerable<string> tokens) => tokens.Select(IdOf).ToArray();

    /// <summary>The tokens of <paramref name="ids"/>.</summary>
    public string[] Decode(IEnumerable<int> ids) => ids.Select(TokenOf).ToArray();

    /// <summary>The vocabulary as JSON: {"format": ..., "version": 1, "tokens": [...]}, tokens in id order.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the "format", "version" and "tokens" fields into an open JSON object.</summary>
    internal void WriteTo(Utf8JsonWriter writer, string format = Format)
    {
        writer.WriteString("format", format);
        writer.WriteNumber("version", 1);
        writer.WriteStartArray("tokens");
        foreach (string token in _tokens) writer.WriteStringValue(token);
        writer.WriteEndArray();
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads a vocabulary saved by <see cref="Save"/>; a corrupt file is refused with a message naming it.</summary>
    public static Vocabulary Load(string path) => FromJson(TokenizerJson.ReadFile(path), $"'{path}'");

    /// <summary>Reads a vocabulary from <see cref="ToJson"/>'s text.</summary>
    public static Vocabulary FromJson(string json) => FromJson(json, "the JSON text");

    internal static Vocabulary FromJson(string json, string source) =>
        TokenizerJson.Parse(json, source, root =>
        {
            TokenizerJson.RequireFormat(root, Format, source);
            return ReadFrom(root, source);
        });

    /// <summary>Reads the "tokens" field of an object written by <see cref="WriteTo"/>.</summary>
    internal static Vocabulary ReadFrom(JsonElement root, string source)
    {
        var array = TokenizerJson.RequiredArray(root, "tokens", source);
        var tokens = new string[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw TokenizerJson.Corrupt(source, $"token {i} is not a string");
            tokens[i++] = item.GetString()!;
        }
        string[] specials = [Pad, Unknown, Start, End];
        for (int id = 0; id < SpecialCount; id++)
        {
            if (tokens.Length <= id || tokens[id] != specials[id])
                throw TokenizerJson.Corrupt(source, $"id {id} must be the special token {specials[id]}");
        }
        return new Vocabulary(tokens, source);
    }
}
