namespace RnnCourse.Tensors.Blas;

/// <summary>
/// When a <see cref="KernelWorkerPool"/> call should run on the caller alone. Each judged call compares
/// its time with the caller's own pace: the caller ran <c>ownChunks</c> of <c>chunkCount</c> chunks in
/// <c>ownEnd − start</c>, so alone it would have taken about <c>(ownEnd − start) / ownChunks · chunkCount</c>.
/// When working together was slower than that three calls in a row (one late call is an interrupt, a busy
/// core makes every call late), calls stay on the caller for a back-off period: 1 ms, doubling with each
/// further slow call up to 128 ms. A faster call ends the streak. Times are timestamps in ticks of
/// <see cref="TicksPerMillisecond"/>, passed in, so that the decision is tested with exact numbers.
/// </summary>
internal sealed class HelperBackOff(long ticksPerMillisecond)
{
    public const int SlowerCallsBeforeBackOff = 3;
    public const int MaxBackOffDoublings = 7; // 1 ms << 7 = 128 ms

    private long _aloneUntil;
    private int _slowerInARow;

    public long TicksPerMillisecond { get; } = ticksPerMillisecond;

    /// <summary>Slow calls in a row so far.</summary>
    public int SlowerInARow => _slowerInARow;

    /// <summary>True while a back-off is running: the call at <paramref name="now"/> runs on the caller alone.</summary>
    public bool KeepsCallerAlone(long now) => now < Volatile.Read(ref _aloneUntil);

    /// <summary>Starts or lengthens the back-off when the call took longer than the caller alone would have.</summary>
    public void Judge(long start, long ownEnd, long end, int ownChunks, int chunkCount)
    {
        if (ownChunks == chunkCount || ownChunks == 0) return; // helpers took no part (or all of it): nothing learned
        double aloneEstimate = (double)(ownEnd - start) / ownChunks * chunkCount;
        if (end - start <= aloneEstimate)
        {
            _slowerInARow = 0;
            return;
        }
        if (++_slowerInARow < SlowerCallsBeforeBackOff) return;
        int doublings = Math.Min(_slowerInARow - SlowerCallsBeforeBackOff, MaxBackOffDoublings);
        Volatile.Write(ref _aloneUntil, end + (TicksPerMillisecond << doublings));
    }

    /// <summary>Forgets the streak and any back-off.</summary>
    public void Reset()
    {
        _slowerInARow = 0;
        Volatile.Write(ref _aloneUntil, 0);
    }
}
