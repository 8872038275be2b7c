namespace RnnCourse.Tests.Support;

/// <summary>A write-only stream over another that takes <paramref name="room"/> bytes and then fails as a full disk does.</summary>
public sealed class FullDisk(Stream inner, long room) : Stream
{
    /// <summary>The message of the failure, as Linux words ENOSPC.</summary>
    public const string Message = "No space left on device";

    private long _written;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written + buffer.Length > room) throw new IOException(Message);
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush() => inner.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
