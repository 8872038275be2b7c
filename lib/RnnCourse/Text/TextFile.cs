using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace RnnCourse.Text;

/// <summary>
/// Text read strictly: UTF-8 (a byte-order mark is skipped) without NUL bytes. A file that is not text — a
/// binary file, or text in another encoding — is refused with the byte offset and line of the first bad byte,
/// instead of being decoded into replacement characters and learned from.
/// </summary>
public static class TextFile
{
    /// <summary>The offset of the first byte that does not belong to valid UTF-8, or −1 when all of them do.</summary>
    public static int IndexOfInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            OperationStatus status = Utf8.ToUtf16(bytes, buffer, out int read, out _, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? -1 : read;
        }
        finally { ArrayPool<char>.Shared.Return(buffer); }
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> as UTF-8 text; throws <see cref="InvalidDataException"/> naming
    /// <paramref name="source"/>, the byte offset and the line (1-based) of a NUL byte or of invalid UTF-8.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        int start = bytes.StartsWith(bom) ? bom.Length : 0;
        ReadOnlySpan<byte> body = bytes[start..];
        int nul = body.IndexOf((byte)0);
        if (nul >= 0)
            throw new InvalidDataException(
                $"{source}: byte {start + nul:N0} (line {LineOf(bytes, start + nul):N0}) is a NUL byte, so this is a binary file, not text; give a UTF-8 text file.");
        int invalid = IndexOfInvalidUtf8(body);
        if (invalid >= 0)
            throw new InvalidDataException(
                $"{source}: the bytes at offset {start + invalid:N0} (line {LineOf(bytes, start + invalid):N0}) are not UTF-8; " +
                "convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8 FILE > FILE.utf8).");
        return Encoding.UTF8.GetString(body);
    }

    /// <summary>The 1-based line that byte <paramref name="offset"/> is on.</summary>
    private static int LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;
}
