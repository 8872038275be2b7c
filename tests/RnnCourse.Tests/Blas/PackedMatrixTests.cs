using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tests.Blas;

/// <summary>Products with a pre-packed B give the same bits as the ordinary call, for any column range on a panel boundary.</summary>
public class PackedMatrixTests
{
    [Theory]
    [InlineData(false, false, 5, 70, 33)]
    [InlineData(false, true, 32, 96, 300)]
    [InlineData(true, true, 9, 600, 17)]
    [InlineData(true, false, 1, 64, 513)]
    [InlineData(false, true, 50, 128, 128)]
    public void PrepackedProductsMatchUnpackedBitForBit(bool transA, bool transB, int m, int n, int k)
    {
        var managed = new ManagedGemm();
        var g = new Generator(21);
        float[] a = Random(g, m * k), b = Random(g, n * k), expected = Random(g, m * n);
        float[] actual = (float[])expected.Clone();
        int lda = transA ? m : k, ldb = transB ? k : n;
        managed.Sgemm(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, 1.5f, expected, n);

        using PackedMatrix packed = managed.Pack(transB, k, n, b, ldb);
        int panel = managed.PanelColumns;
        // Two column ranges, split at a panel boundary, as the recurrent kernels' thread chunks do.
        int split = Math.Min(n, (n / 2 + panel - 1) / panel * panel);
        managed.SgemmPrepacked(transA, m, 0, split, 0.5f, a, lda, packed, 1.5f, actual, n);
        managed.SgemmPrepacked(transA, m, split, n - split, 0.5f, a, lda, packed, 1.5f, actual.AsSpan(split), n);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void AColumnRangeOffThePanelGridIsRefused()
    {
        var managed = new ManagedGemm();
        using PackedMatrix packed = managed.Pack(false, 4, 64, new float[256], 64);
        var c = new float[64];
        var e = Assert.Throws<ArgumentException>(() => managed.SgemmPrepacked(false, 1, 3, 10, 1f, new float[4], 4, packed, 0f, c, 64));
        Assert.Contains("panel", e.Message);
    }

    [Fact]
    public void ADisposedPackIsNotUsedAgain()
    {
        var managed = new ManagedGemm();
        PackedMatrix packed = managed.Pack(false, 4, 32, new float[128], 32);
        packed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => managed.SgemmPrepacked(false, 1, 0, 32, 1f, new float[4], 4, packed, 0f, new float[32], 32));
    }

    private static float[] Random(Generator g, int n) => Enumerable.Range(0, n).Select(_ => g.NextFloat() * 2 - 1).ToArray();
}
