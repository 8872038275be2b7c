using System.Buffers.Binary;
using System.Security.Cryptography;
using RnnCourse.Files;

namespace RnnCourse.NGrams;

/// <summary>
/// The binary file of <see cref="NGramCounts"/>: the 8 ASCII bytes "RNNGRAMS", then little-endian int32
/// version (1), order, vocabulary size and node count, then for each node after the root three int32
/// (last token, prefix node, count), in the order the nodes were made, then the SHA-256 of everything before it. Derived
/// statistics are recomputed on loading, so a file holds only what cannot be recomputed.
/// </summary>
internal static class NGramCountsFile
{
    private static ReadOnlySpan<byte> Magic => "RNNGRAMS"u8;
    private const int Version = 1;
    private const int HeaderBytes = 8 + 4 * 4;
    private const int NodeBytes = 3 * 4;
    private const int HashBytes = 32;

    public static void Write(NGramCounts counts, string path)
    {
        int nodes = counts.NodeTotal;
        counts.Freeze();
        var bytes = new byte[HeaderBytes + (long)(nodes - 1) * NodeBytes + HashBytes];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], counts.Order);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], counts.VocabularySize);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], nodes);
        int offset = HeaderBytes;
        for (int g = 1; g < nodes; g++, offset += NodeBytes)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], counts.Last[g]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 4)..], counts.Prefix[g]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 8)..], counts.Frequency[g]);
        }
        SHA256.HashData(span[..offset], span[offset..]);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    public static NGramCounts Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No n-gram counts file at '{path}'. Check the path, or count a corpus and Save it there.", path);
        byte[] bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        if (bytes.Length < HeaderBytes + HashBytes || !span[..8].SequenceEqual(Magic))
            throw Corrupt(path, "it does not start with the n-gram counts header \"RNNGRAMS\" (wrong kind of file?)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (version != Version)
            throw Corrupt(path, $"it has format version {version}, this library reads version {Version}");
        int order = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        int vocabularySize = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        int nodes = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        if (order is < 1 or > NGramCounts.MaxOrder || vocabularySize < 1 || nodes < 1)
            throw Corrupt(path, $"its header is impossible (order {order}, vocabulary {vocabularySize}, nodes {nodes})");
        long expectedLength = HeaderBytes + (long)(nodes - 1) * NodeBytes + HashBytes;
        if (bytes.Length != expectedLength)
            throw Corrupt(path, $"it has {bytes.Length} bytes but its header promises {expectedLength} (truncated or padded)");
        int payload = bytes.Length - HashBytes;
        Span<byte> hash = stackalloc byte[HashBytes];
        SHA256.HashData(span[..payload], hash);
        if (!hash.SequenceEqual(span[payload..]))
            throw Corrupt(path, "its SHA-256 checksum does not match its contents (the file was damaged or edited)");

        var counts = new NGramCounts(order, vocabularySize);
        int offset = HeaderBytes;
        for (int g = 1; g < nodes; g++, offset += NodeBytes)
        {
            int last = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
            int prefix = BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 4)..]);
            int frequency = BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 8)..]);
            bool valid = (uint)last < (uint)vocabularySize && (uint)prefix < (uint)g
                         && counts.Length[prefix] < order && frequency >= 0;
            if (!valid || !counts.TryAddLoadedNode(last, prefix, frequency))
                throw Corrupt(path, $"node {g} is inconsistent (token {last}, context node {prefix}, count {frequency})");
        }
        return counts;
    }

    private static InvalidDataException Corrupt(string path, string problem) =>
        new($"'{path}' is not a valid n-gram counts file: {problem}. Count the corpus again and Save the counts.");
}
