using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

/// <summary>Strict text decoding: UTF-8 with or without a byte-order mark; NUL bytes and invalid UTF-8 refused with their offset and line.</summary>
public sealed class TextFileTests
{
    [Fact]
    public void Utf8TextDecodesAndAByteOrderMarkIsSkipped()
    {
        Assert.Equal("é✓\nab", TextFile.Decode("é✓\nab"u8, "t.txt"));
        Assert.Equal("ab", TextFile.Decode([0xEF, 0xBB, 0xBF, (byte)'a', (byte)'b'], "t.txt"));
        Assert.Equal(-1, TextFile.IndexOfInvalidUtf8("é✓"u8));
    }

    [Fact]
    public void ANulByteIsRefusedAsABinaryFileWithItsOffsetAndLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => TextFile.Decode([(byte)'a', (byte)'\n', (byte)'b', 0, (byte)'c'], "--data 'x.bin'"));
        Assert.Equal("--data 'x.bin': byte 3 (line 2) is a NUL byte, so this is a binary file, not text; give a UTF-8 text file.", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'\n', 0xE9, (byte)'t', (byte)'e' }, 3, 3)]  // Latin-1 é
    [InlineData(new byte[] { (byte)'a', (byte)'b', 0xC3 }, 2, 1)]                                      // cut inside a character
    [InlineData(new byte[] { 0xFF }, 0, 1)]
    public void InvalidUtf8IsRefusedWithItsOffsetAndLine(byte[] bytes, int offset, int line)
    {
        Assert.Equal(offset, TextFile.IndexOfInvalidUtf8(bytes));
        var e = Assert.Throws<InvalidDataException>(() => TextFile.Decode(bytes, "--data 'x.txt'"));
        Assert.StartsWith($"--data 'x.txt': the bytes at offset {offset} (line {line}) are not UTF-8; convert the file to UTF-8", e.Message);
    }
}
