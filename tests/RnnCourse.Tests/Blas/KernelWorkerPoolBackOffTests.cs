using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tests.Blas;

/// <summary>
/// The pool's back-off decision with exact timestamps (1 tick = 1 µs here): no clock, no threads, so the
/// outcome never depends on how busy the machine is.
/// </summary>
public class KernelWorkerPoolBackOffTests
{
    private const long Millisecond = 1000;

    // The caller ran 1 of 2 chunks in 10 ticks, so alone it would have taken 20.
    private static void SlowCall(HelperBackOff backOff, long start) => backOff.Judge(start, start + 10, start + 25, ownChunks: 1, chunkCount: 2);
    private static void FastCall(HelperBackOff backOff, long start) => backOff.Judge(start, start + 10, start + 15, ownChunks: 1, chunkCount: 2);

    [Fact]
    public void ThreeSlowCallsInARowStartAOneMillisecondBackOffAndTwoDoNot()
    {
        var backOff = new HelperBackOff(Millisecond);

        SlowCall(backOff, 0);
        SlowCall(backOff, 100);
        Assert.False(backOff.KeepsCallerAlone(200));
        SlowCall(backOff, 200); // ends at 225

        Assert.Equal(3, backOff.SlowerInARow);
        Assert.True(backOff.KeepsCallerAlone(226));
        Assert.True(backOff.KeepsCallerAlone(225 + Millisecond - 1));
        Assert.False(backOff.KeepsCallerAlone(225 + Millisecond));
    }

    [Fact]
    public void EachFurtherSlowCallDoublesTheBackOffUpTo128Milliseconds()
    {
        var backOff = new HelperBackOff(Millisecond);
        long start = 0;
        var lengths = new List<long>();
        for (int call = 0; call < 14; call++, start += 1_000_000)
        {
            SlowCall(backOff, start);
            long end = start + 25;
            long length = 0;
            if (backOff.KeepsCallerAlone(end))
            {
                length = 1;
                while (backOff.KeepsCallerAlone(end + length)) length++;
            }
            lengths.Add(length);
        }

        long[] expected = [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 128, 128, 128, 128];
        Assert.Equal(expected.Select(ms => ms * Millisecond), lengths);
    }

    [Fact]
    public void OneCallThatIsNotSlowerEndsTheStreak()
    {
        var backOff = new HelperBackOff(Millisecond);

        SlowCall(backOff, 0);
        SlowCall(backOff, 100);
        FastCall(backOff, 200);
        SlowCall(backOff, 300);
        SlowCall(backOff, 400);

        Assert.Equal(2, backOff.SlowerInARow);
        Assert.False(backOff.KeepsCallerAlone(426));
        SlowCall(backOff, 500);
        Assert.True(backOff.KeepsCallerAlone(526));
    }

    [Fact]
    public void ACallEqualToTheCallersOwnPaceIsNotSlower()
    {
        var backOff = new HelperBackOff(Millisecond);
        for (int call = 0; call < 5; call++) backOff.Judge(call * 100, call * 100 + 10, call * 100 + 20, ownChunks: 1, chunkCount: 2);

        Assert.Equal(0, backOff.SlowerInARow);
        Assert.False(backOff.KeepsCallerAlone(421));
    }

    [Theory]
    [InlineData(0)] // the helpers ran every chunk
    [InlineData(4)] // the caller ran every chunk
    public void ACallInWhichOneSideDidAllTheWorkTeachesNothing(int ownChunks)
    {
        var backOff = new HelperBackOff(Millisecond);
        for (int call = 0; call < 5; call++) backOff.Judge(call * 100, call * 100 + 10, call * 100 + 90, ownChunks, chunkCount: 4);

        Assert.Equal(0, backOff.SlowerInARow);
        Assert.False(backOff.KeepsCallerAlone(491));
    }

    [Fact]
    public void ResetForgetsTheStreakAndTheBackOff()
    {
        var backOff = new HelperBackOff(Millisecond);
        for (int call = 0; call < 3; call++) SlowCall(backOff, call * 100);
        Assert.True(backOff.KeepsCallerAlone(226));

        backOff.Reset();

        Assert.Equal(0, backOff.SlowerInARow);
        Assert.False(backOff.KeepsCallerAlone(226));
    }
}
