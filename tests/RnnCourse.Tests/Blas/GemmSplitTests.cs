using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tests.Blas;

public class GemmSplitTests
{
    [Theory]
    [InlineData(512, 512, false)]  // square: by rows (each chunk copies all of B, none transposes all of A)
    [InlineData(64, 64, false)]
    [InlineData(32, 2048, true)]   // wide: by columns (B is the big operand)
    [InlineData(2500, 128, false)] // tall: by rows
    [InlineData(8, 4096, true)]    // one row panel: only columns can be shared out
    public void TheSplitRepeatsTheCheaperPacking(int m, int n, bool byColumns)
        => Assert.Equal(byColumns, GemmSplit.For(m, n, 8, 32, 2).ByColumns);

    [Theory]
    [InlineData(1000, 70, 3)]
    [InlineData(70, 1000, 3)]
    [InlineData(9, 9, 4)]
    public void ChunksCoverCWithWholePanelsAndNoOverlap(int m, int n, int threads)
    {
        var split = GemmSplit.For(m, n, 8, 32, threads);
        int extent = split.ByColumns ? n : m;
        Assert.InRange(split.Chunks, 1, threads);
        Assert.Equal(0, split.Start(0, extent));
        Assert.Equal(extent, split.Start(split.Chunks, extent));
        for (int i = 0; i < split.Chunks; i++)
        {
            int start = split.Start(i, extent), end = split.Start(i + 1, extent);
            Assert.True(end > start, $"chunk {i} is empty");
            Assert.Equal(0, start % split.PanelSize);
        }
    }
}
