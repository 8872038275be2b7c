using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace RnnCourse.Text;

/// <summary>
/// Byte-level byte-pair encoding (as GPT-2): text is UTF-8 bytes, each byte a base token, and learned
/// merges join frequent adjacent pairs into longer tokens. Any valid string encodes, and decodes back to
/// exactly itself. Ids: 0..3 the specials of <see cref="Vocabulary"/>, 4..259 the bytes 0..255
/// (id = 4 + byte), then merge i has id 260 + i. Encoding applies, inside each pre-tokenizer chunk, the
/// lowest-id merge available until none is, which reproduces the training segmentation.
/// </summary>
public sealed class BpeTokenizer : Tokenizer
{
    internal const string Format = "rnn-course/bpe-tokenizer";

    /// <summary>The id of byte 0; byte b has id <see cref="FirstByteId"/> + b.</summary>
    public const int FirstByteId = Vocabulary.SpecialCount;

    /// <summary>The id of the first merge: the specials and the 256 bytes come before it.</summary>
    public const int FirstMergeId = FirstByteId + 256;

    private const int CacheLimit = 1 << 16;

    private readonly (int Left, int Right)[] _merges;
    private readonly byte[][] _tokenBytes;
    private readonly Dictionary<long, int> _mergeIds;
    private readonly ConcurrentDictionary<string, int[]> _chunkCache = new(StringComparer.Ordinal);

    /// <summary>A tokenizer with these merges; merge i joins (Left, Right) into id 260 + i.</summary>
    public BpeTokenizer(IEnumerable<(int Left, int Right)> merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        _merges = merges.ToArray();
        _tokenBytes = new byte[FirstMergeId + _merges.Length][];
        for (int id = 0; id < FirstByteId; id++) _tokenBytes[id] = [];
        for (int b = 0; b < 256; b++) _tokenBytes[FirstByteId + b] = [(byte)b];
        _mergeIds = new Dictionary<long, int>(_merges.Length);
        for (int i = 0; i < _merges.Length; i++)
        {
            var (left, right) = _merges[i];
            int id = FirstMergeId + i;
            if (left < FirstByteId || left >= id || right < FirstByteId || right >= id)
                throw new ArgumentException(
                    $"Merge {i} joins ({left}, {right}), but a merge may only join byte or earlier merge ids " +
                    $"({FirstByteId}..{id - 1}). Merges must come in the order they were learned.", nameof(merges));
            if (!_mergeIds.TryAdd(BpeTrainer.Key(left, right), id))
                throw new ArgumentException(
                    $"Merge {i} repeats the pair ({left}, {right}) of merge {_mergeIds[BpeTrainer.Key(left, right)] - FirstMergeId}; each pair is merged once.",
                    nameof(merges));
            _tokenBytes[id] = [.. _tokenBytes[left], .. _tokenBytes[right]];
        }
    }

    /// <summary>
    /// Learns merges from <paramref name="text"/> until the vocabulary has <paramref name="vocabularySize"/>
    /// ids (so vocabularySize - 260 merges), or fewer if no adjacent pair is left.
    /// </summary>
    public static BpeTokenizer Train(string text, int vocabularySize) => Train([text], vocabularySize);

    /// <inheritdoc cref="Train(string, int)"/>
    public static BpeTokenizer Train(IEnumerable<string> texts, int vocabularySize)
    {
        if (vocabularySize < FirstMergeId)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize,
                $"A byte-level BPE vocabulary has at least {FirstMergeId} ids (4 specials and 256 bytes); ask for more to learn merges.");
        return TrainWithMergeCount(texts, vocabularySize - FirstMergeId);
    }

    /// <summary>Learns at most <paramref name="mergeCount"/> merges from <paramref name="texts"/>.</summary>
    public static BpeTokenizer TrainWithMergeCount(IEnumerable<string> texts, int mergeCount)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegative(mergeCount);
        texts = texts.ToList();
        foreach (string text in texts) ThrowIfUnpairedSurrogate(text);
        return new BpeTokenizer(BpeTrainer.LearnMerges(texts, mergeCount));
    }

    internal static int ByteId(byte b) => FirstByteId + b;

    /// <summary>The learned merges in order: merge i joins (Left, Right) into id 260 + i.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges => _merges;

    public override int VocabularySize => _tokenBytes.Length;

    /// <summary>The UTF-8 bytes of token <paramref name="id"/> (empty for the specials).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id)
    {
        if ((uint)id >= (uint)_tokenBytes.Length) ThrowUnknownId(id);
        return _tokenBytes[id];
    }

    public override IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfUnpairedSurrogate(text);
        var ids = new List<int>(text.Length / 2 + 1);
        foreach (var (start, length) in ByteLevelPreTokenizer.Split(text))
            ids.AddRange(EncodeChunk(text.Substring(start, length)));
        return ids;
    }

    public override IReadOnlyList<EncodedToken> EncodeToTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfUnpairedSurrogate(text);
        var tokens = new List<EncodedToken>();
        foreach (var (start, length) in ByteLevelPreTokenizer.Split(text))
        {
            string chunk = text.Substring(start, length);
            // For each byte of the chunk, the chars of the code point it belongs to.
            var (codePointStart, codePointEnd) = CodePointSpans(chunk);
            int bytePosition = 0;
            foreach (int id in EncodeChunk(chunk))
            {
                int byteCount = _tokenBytes[id].Length;
                int first = start + codePointStart[bytePosition];
                int last = start + codePointEnd[bytePosition + byteCount - 1];
                tokens.Add(new EncodedToken(id, TokenText(id), first..last));
                bytePosition += byteCount;
            }
        }
        return tokens;
    }

    /// <summary>
    /// The text of <paramref name="ids"/>: their bytes decoded as UTF-8 (a byte sequence cut inside a
    /// character decodes to U+FFFD). &lt;pad&gt;, &lt;s&gt; and &lt;/s&gt; are skipped; &lt;unk&gt; is U+FFFD.
    /// </summary>
    public override string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokenBytes.Length) ThrowUnknownId(id);
            if (id == Vocabulary.UnknownId) bytes.AddRange("\uFFFD"u8);
            else bytes.AddRange(_tokenBytes[id]);
        }
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }

    /// <summary>The readable text of one token: its UTF-8 text, or &lt;0xNN&gt; per byte when it is not valid UTF-8 alone.</summary>
    public string TokenText(int id)
    {
        if ((uint)id >= (uint)_tokenBytes.Length) ThrowUnknownId(id);
        if (id < FirstByteId) return new[] { Vocabulary.Pad, Vocabulary.Unknown, Vocabulary.Start, Vocabulary.End }[id];
        byte[] bytes = _tokenBytes[id];
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return string.Concat(bytes.Select(b => $"<0x{b:X2}>")); }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private int[] EncodeChunk(string chunk)
    {
        if (_chunkCache.TryGetValue(chunk, out int[]? cached)) return cached;
        byte[] bytes = Encoding.UTF8.GetBytes(chunk);
        int[] symbols = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) symbols[i] = ByteId(bytes[i]);
        int length = symbols.Length;
        while (length > 1)
        {
            int bestId = int.MaxValue, bestLeft = 0, bestRight = 0;
            for (int i = 0; i + 1 < length; i++)
            {
                if (_mergeIds.TryGetValue(BpeTrainer.Key(symbols[i], symbols[i + 1]), out int id) && id < bestId)
                    (bestId, bestLeft, bestRight) = (id, symbols[i], symbols[i + 1]);
            }
            if (bestId == int.MaxValue) break;
            length = BpeTrainer.MergeInPlace(symbols.AsSpan(0, length), bestLeft, bestRight, bestId);
        }
        int[] result = symbols[..length];
        if (_chunkCache.Count >= CacheLimit) _chunkCache.Clear();
        _chunkCache.TryAdd(chunk, result);
        return result;
    }

    private static (int[] Start, int[] End) CodePointSpans(string chunk)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        for (int i = 0; i < chunk.Length;)
        {
            Rune.DecodeFromUtf16(chunk.AsSpan(i), out Rune rune, out int width);
            for (int b = 0; b < rune.Utf8SequenceLength; b++) { starts.Add(i); ends.Add(i + width); }
            i += width;
        }
        return (starts.ToArray(), ends.ToArray());
    }

    public override string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("version", 1);
            writer.WriteString("idLayout", "0..3 specials <pad> <unk> <s> </s>; 4..259 bytes 0..255; 260+i merge i");
            writer.WriteStartArray("merges");
            foreach (var (left, right) in _merges)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(left);
                writer.WriteNumberValue(right);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a tokenizer saved by <see cref="Tokenizer.Save"/>.</summary>
    public static new BpeTokenizer Load(string path) => FromJson(TokenizerJson.ReadFile(path), $"'{path}'");

    /// <summary>Reads a tokenizer from <see cref="ToJson"/>'s text.</summary>
    public static BpeTokenizer FromJson(string json) => FromJson(json, "the JSON text");

    internal static BpeTokenizer FromJson(string json, string source) =>
        TokenizerJson.Parse(json, source, root =>
        {
            TokenizerJson.RequireFormat(root, Format, source);
            var merges = new List<(int, int)>();
            foreach (var item in TokenizerJson.RequiredArray(root, "merges", source).EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2
                    || item[0].ValueKind != JsonValueKind.Number || item[1].ValueKind != JsonValueKind.Number
                    || !item[0].TryGetInt32(out int left) || !item[1].TryGetInt32(out int right))
                    throw TokenizerJson.Corrupt(source, $"merge {merges.Count} is not a pair of whole numbers [left, right]");
                merges.Add((left, right));
            }
            try { return new BpeTokenizer(merges); }
            catch (ArgumentException e) { throw TokenizerJson.Corrupt(source, e.Message, e); }
        });
}
