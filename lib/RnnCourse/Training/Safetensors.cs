using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RnnCourse.Files;
using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>
/// Reads and writes state dicts in the Hugging Face safetensors format, so checkpoints open in PyTorch
/// (<c>safetensors.torch.load_file</c>) and PyTorch's weights open here. The layout:
/// <code>
/// [8 bytes] N, the header length, unsigned little-endian
/// [N bytes] UTF-8 JSON: {"__metadata__": {str: str}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...}
///           padded with spaces to a multiple of 8
/// [rest]    the tensors' bytes, little-endian, back to back; offsets count from the end of the header
/// </code>
/// Tensors are written in name order (ordinal), as the reference writer orders tensors of one dtype, with
/// compact JSON. Only F32 is supported. Writes are atomic: a temporary file in the same folder is written,
/// flushed to disk and then moved over the target, so a crash leaves the old file or the new one, never half
/// (and at most a temporary file beside it: see <see cref="AtomicFile.TemporaryFiles"/>). A file may carry the SHA-256 of
/// its data section in its metadata, verified on loading, since the format itself has no checksum.
/// A corrupt or foreign file is refused with a message naming the file and the tensor. Chapter 5.
/// </summary>
public static class Safetensors
{
    /// <summary>The header key holding the string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted (the reference implementation's limit, 100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>The metadata key of the SHA-256 (lower-case hex) of the data section: written by <c>Save(checksum: true)</c>, verified by <see cref="Load"/>.</summary>
    public const string ChecksumKey = "rnn_course.data_sha256";

    /// <summary>
    /// Writes <paramref name="tensors"/> (and <paramref name="metadata"/>, if any) to <paramref name="path"/>, atomically.
    /// With <paramref name="checksum"/>, the metadata also gets the SHA-256 of the data section under <see cref="ChecksumKey"/>,
    /// which <see cref="Load"/> verifies. A failed write throws an <see cref="IOException"/> naming the file and leaves it as it was.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        bool checksum = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        foreach (var (name, tensor) in entries)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey)
                throw new ArgumentException($"Safetensors.Save('{path}'): '{name}' cannot be a tensor name; use a non-empty name other than {MetadataKey}.");
            if (tensor is null) throw new ArgumentNullException(nameof(tensors), $"Safetensors.Save('{path}'): tensor '{name}' is null.");
        }
        if (checksum || metadata?.ContainsKey(ChecksumKey) == true)
        {
            var withChecksum = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>());
            withChecksum.Remove(ChecksumKey); // one copied from another file's metadata would not fit this data
            if (checksum) withChecksum[ChecksumKey] = DataSha256(entries);
            metadata = withChecksum;
        }
        byte[] header = Header(entries, metadata);

        string fullPath = Path.GetFullPath(path);
        SaveSeam? seam = Seam.Value;
        try
        {
            AtomicFile.Write(fullPath, (file, temp) =>
            {
                seam?.AtStage?.Invoke(SaveStage.TemporaryCreated, temp);
                Stream stream = seam?.WrapStream?.Invoke(file) ?? file;
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                seam?.AtStage?.Invoke(SaveStage.HeaderWritten, temp);
                foreach (var (_, tensor) in entries) WriteFloats(stream, tensor.Data);
                stream.Flush();
                seam?.AtStage?.Invoke(SaveStage.DataWritten, temp);
                file.Flush(flushToDisk: true);
                seam?.AtStage?.Invoke(SaveStage.FlushedToDisk, temp);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Could not write '{fullPath}': {e.Message.TrimEnd('.')}. " +
                (File.Exists(fullPath) ? "The file there is as it was before" : "No file was written") +
                $"; check the free space and the permissions of '{Path.GetDirectoryName(fullPath)}'.", e);
        }
        seam?.AtStage?.Invoke(SaveStage.Replaced, fullPath);
    }

    /// <summary>The SHA-256, in lower-case hex, of the data section that <paramref name="entries"/> make in file order.</summary>
    private static string DataSha256(KeyValuePair<string, Tensor>[] entries)
    {
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
            foreach (var (_, tensor) in entries) WriteFloats(hashing, tensor.Data);
        return Convert.ToHexString(sha.Hash!).ToLowerInvariant();
    }

    /// <summary>The steps of <see cref="Save"/>, in order.</summary>
    internal enum SaveStage { TemporaryCreated, HeaderWritten, DataWritten, FlushedToDisk, Replaced }

    /// <summary>A test seam for the saves of one async flow: wrap the file stream (a full disk), or act at each stage (an interruption).</summary>
    internal sealed record SaveSeam(Func<Stream, Stream>? WrapStream = null, Action<SaveStage, string>? AtStage = null);

    /// <summary>The seam of the current async flow; null outside tests.</summary>
    internal static readonly AsyncLocal<SaveSeam?> Seam = new();

    /// <summary>The padded JSON header for tensors in file order.</summary>
    private static byte[] Header(KeyValuePair<string, Tensor>[] entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new StringBuilder("{");
        if (metadata is { Count: > 0 })
        {
            AppendString(json, MetadataKey);
            json.Append(":{");
            bool first = true;
            foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!first) json.Append(',');
                first = false;
                AppendString(json, key);
                json.Append(':');
                AppendString(json, value ?? throw new ArgumentNullException(nameof(metadata), $"Safetensors.Save: metadata '{key}' is null."));
            }
            json.Append('}');
            if (entries.Length > 0) json.Append(',');
        }
        long offset = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            var (name, tensor) = entries[i];
            long end = offset + 4L * tensor.Numel;
            if (i > 0) json.Append(',');
            AppendString(json, name);
            json.Append(":{\"dtype\":\"F32\",\"shape\":[")
                .Append(string.Join(",", tensor.Shape.Select(s => s.ToString(CultureInfo.InvariantCulture))))
                .Append("],\"data_offsets\":[")
                .Append(offset.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(end.ToString(CultureInfo.InvariantCulture)).Append("]}");
            offset = end;
        }
        json.Append('}');
        int length = Encoding.UTF8.GetByteCount(json.ToString());
        int padded = (length + 7) / 8 * 8; // the reference pads with spaces to a multiple of 8
        var bytes = new byte[padded];
        Encoding.UTF8.GetBytes(json.ToString(), bytes);
        bytes.AsSpan(length).Fill((byte)' ');
        return bytes;
    }

    /// <summary>A JSON string escaped as serde_json (the reference writer) does: quote, backslash and control characters only.</summary>
    private static void AppendString(StringBuilder json, string s)
    {
        json.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20) json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }

    private static void WriteFloats(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var buffer = new byte[4 * Math.Min(data.Length, 16384)];
        for (int start = 0; start < data.Length; start += 16384)
        {
            int n = Math.Min(16384, data.Length - start);
            for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), data[start + i]);
            stream.Write(buffer, 0, 4 * n);
        }
    }

    private sealed record Entry(string Name, int[] Shape, long Begin, long End);

    /// <summary>
    /// Reads a safetensors file: its tensors by name and its metadata (empty when the file has none).
    /// Checks the whole layout first — header length, UTF-8 JSON, dtypes, shapes against byte lengths, offsets
    /// covering the data exactly once — then the data's SHA-256 when the metadata records one (<see cref="ChecksumKey"/>),
    /// and throws <see cref="InvalidDataException"/> (or <see cref="NotSupportedException"/> for a dtype other than F32)
    /// naming the file and the tensor.
    /// </summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (entries, metadata, dataStart) = ReadHeader(file, path);
        long dataLength = file.Length - dataStart;
        InvalidDataException Bad(string what) => new($"Safetensors file '{path}': {what}");

        // The tensors must tile the data section: in offset order, each begins where the previous ends.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        string? previous = null;
        foreach (Entry e in entries)
        {
            if (e.End > dataLength)
                throw Bad($"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] but the data section is only {dataLength} bytes (truncated file).");
            if (e.Begin < position)
                throw Bad($"tensor '{e.Name}' begins at byte {e.Begin}, inside '{previous}', which ends at {position}: overlapping data_offsets.");
            if (e.Begin > position)
                throw Bad($"tensor '{e.Name}' begins at byte {e.Begin} but " +
                          (previous is null ? "the data section begins at 0" : $"'{previous}' ends at {position}") +
                          $": a gap of {e.Begin - position} bytes no tensor claims.");
            position = e.End;
            previous = e.Name;
        }
        if (position != dataLength)
            throw Bad($"the tensors end at byte {position} of the data section but it is {dataLength} bytes long: {dataLength - position} bytes no tensor claims.");

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (Entry e in entries) // in file order, so the hash is that of the data section
        {
            var data = new float[(e.End - e.Begin) / 4];
            file.Position = dataStart + e.Begin;
            Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan());
            file.ReadExactly(bytes);
            sha.AppendData(bytes);
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < data.Length; i++)
                    data[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(data[i])));
            tensors[e.Name] = new Tensor(data, e.Shape);
        }
        if (metadata.TryGetValue(ChecksumKey, out string? recorded))
        {
            string actual = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
            if (actual != recorded)
                throw Bad($"its data does not match the SHA-256 in its header ({Short(recorded)}, the data has {Short(actual)}): the file is damaged. " +
                          "Use another copy of it, or train again.");
        }
        return (tensors, metadata);
    }

    /// <summary>The metadata of a safetensors file, read from its header alone: the data is neither read nor checked.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadHeader(file, path).Metadata;
    }

    /// <summary>The first 12 hex digits of a hash, enough to tell two apart in a message.</summary>
    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;

    /// <summary>Reads and checks the length prefix and the JSON header: the tensor entries, the metadata, and where the data section starts.</summary>
    private static (List<Entry> Entries, Dictionary<string, string> Metadata, long DataStart) ReadHeader(FileStream file, string path)
    {
        long fileLength = file.Length;
        InvalidDataException Bad(string what) => new($"Safetensors file '{path}': {what}");

        if (fileLength < 8)
            throw Bad($"it is {fileLength} bytes long, too short for the 8-byte header length (truncated, or not a safetensors file); give the path of a safetensors file, or another copy of this one.");
        Span<byte> prefix = stackalloc byte[8];
        file.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
            throw Bad($"the header length is {headerLength} bytes, more than the {MaxHeaderLength} allowed (not a safetensors file, or corrupt); give the path of a safetensors file, or another copy of this one.");
        if (headerLength > (ulong)(fileLength - 8))
            throw Bad($"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow it (truncated file); use another copy of it.");
        var header = new byte[headerLength];
        file.ReadExactly(header);
        int invalid = TextFile.IndexOfInvalidUtf8(header);
        if (invalid >= 0)
            throw Bad($"the header is not UTF-8 text (byte {8 + invalid} of the file is not): the file is damaged, or not a safetensors file.");

        var entries = new List<Entry>();
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad($"the header is JSON {doc.RootElement.ValueKind}, not an object of tensors.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in doc.RootElement.EnumerateObject())
            {
                string name = property.Name;
                if (!seen.Add(name)) throw Bad($"'{name}' appears twice in the header.");
                if (name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw Bad($"{MetadataKey} is {property.Value.ValueKind}, not an object of strings.");
                    foreach (JsonProperty m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                            : throw Bad($"metadata '{m.Name}' is {m.Value.ValueKind}, not a string.");
                    continue;
                }
                entries.Add(ParseEntry(name, property.Value, Bad, path));
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Safetensors file '{path}': the header is not valid JSON ({e.Message}).", e);
        }
        return (entries, metadata, 8 + (long)headerLength);
    }

    private static Entry ParseEntry(string name, JsonElement info, Func<string, InvalidDataException> bad, string path)
    {
        if (info.ValueKind != JsonValueKind.Object)
            throw bad($"tensor '{name}' is described by a JSON {info.ValueKind}, not an object with dtype, shape and data_offsets.");
        JsonElement Field(string field) => info.TryGetProperty(field, out JsonElement v) ? v
            : throw bad($"tensor '{name}' has no \"{field}\".");

        JsonElement dtype = Field("dtype");
        if (dtype.ValueKind != JsonValueKind.String)
            throw bad($"tensor '{name}' has a dtype that is not a string.");
        if (dtype.GetString() != "F32")
            throw new NotSupportedException(
                $"Safetensors file '{path}': tensor '{name}' has dtype {dtype.GetString()}; only F32 is supported. " +
                "Convert it to float32 before saving (in PyTorch: {k: v.float() for k, v in state.items()}).");

        JsonElement shapeJson = Field("shape");
        if (shapeJson.ValueKind != JsonValueKind.Array)
            throw bad($"tensor '{name}' has a shape that is not an array.");
        var shape = new int[shapeJson.GetArrayLength()];
        long count = 1;
        int d = 0;
        foreach (JsonElement s in shapeJson.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out int size) || size < 0)
                throw bad($"tensor '{name}' has shape {shapeJson.GetRawText()}: dimension {d} is not a non-negative 32-bit integer.");
            shape[d++] = size;
            count = count * size;
            if (count > Array.MaxLength)
                throw bad($"tensor '{name}' has shape {shapeJson.GetRawText()}, more elements than one array can hold.");
        }

        JsonElement offsets = Field("data_offsets");
        long begin = 0, end = 0;
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out begin) || !offsets[1].TryGetInt64(out end) || begin < 0 || end < begin)
            throw bad($"tensor '{name}' has data_offsets {offsets.GetRawText()}; they must be [begin, end] with 0 ≤ begin ≤ end.");
        if (end - begin != 4 * count)
            throw bad($"tensor '{name}' has shape {shapeJson.GetRawText()} ({count} F32 values, {4 * count} bytes) but its data_offsets [{begin}, {end}] span {end - begin} bytes.");
        return new Entry(name, shape, begin, end);
    }
}

/// <summary>Saving and loading a module's parameters as a safetensors file through its state dict.</summary>
public static class ModuleSafetensorsExtensions
{
    /// <summary>Writes <paramref name="module"/>'s state dict (names such as "rnn.weight_ih_l0") to <paramref name="path"/>, atomically.</summary>
    public static void Save(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Safetensors.Save(path, module.StateDict(), metadata);
    }

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="module"/>'s parameters (strict: the names must match
    /// exactly; a shape mismatch is always an error naming the tensor) and returns the file's metadata.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(this Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        var (tensors, metadata) = Safetensors.Load(path);
        try
        {
            module.LoadStateDict(tensors, strict);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Safetensors file '{path}' does not fit this {module.GetType().Name}: {e.Message}", e);
        }
        return metadata;
    }
}
