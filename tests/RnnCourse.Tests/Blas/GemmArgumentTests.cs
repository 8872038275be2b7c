using RnnCourse.Tensors.Blas;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Blas;

/// <summary>Empty sizes, beta = 0 over garbage, bad strides and provider names, for every provider.</summary>
public class GemmArgumentTests(ITestOutputHelper output)
{
    public static TheoryData<string> Providers => ["managed", "openblas", "naive"];

    [Theory, MemberData(nameof(Providers))]
    public void BetaZeroOverwritesNaNInC(string provider)
    {
        if (Create(provider) is not { } gemm) return;
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        float[] c = [float.NaN, float.NaN, float.PositiveInfinity, float.NaN];
        gemm.Sgemm(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }

    [Theory, MemberData(nameof(Providers))]
    public void EmptyRowsOrColumnsLeaveCUntouched(string provider)
    {
        if (Create(provider) is not { } gemm) return;
        float[] c = [7f, 7f, 7f];
        gemm.Sgemm(false, false, 0, 3, 4, 1f, new float[0], 4, new float[12], 3, 0f, c, 3);
        gemm.Sgemm(false, false, 3, 0, 4, 1f, new float[12], 4, new float[0], 1, 0f, c, 1);
        Assert.Equal([7f, 7f, 7f], c);
    }

    [Theory, MemberData(nameof(Providers))]
    public void ZeroDepthGivesBetaTimesC(string provider)
    {
        if (Create(provider) is not { } gemm) return;
        float[] c = [1f, 2f, 3f, 4f];
        gemm.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal([0.5f, 1f, 1.5f, 2f], c);
        float[] garbage = [float.NaN, float.NaN, float.NaN, float.NaN];
        gemm.Sgemm(true, true, 2, 2, 0, 1f, [], 2, [], 1, 0f, garbage, 2);
        Assert.Equal([0f, 0f, 0f, 0f], garbage);
    }

    [Theory, MemberData(nameof(Providers))]
    public void SmallLeadingDimensionIsRejected(string provider)
    {
        if (Create(provider) is not { } gemm) return;
        var error = Assert.Throws<ArgumentException>(
            () => gemm.Sgemm(false, false, 2, 3, 4, 1f, new float[8], 3, new float[12], 3, 0f, new float[6], 3));
        Assert.Contains("leading dimension of A is 3, less than its 4 columns", error.Message);
        error = Assert.Throws<ArgumentException>(
            () => gemm.Sgemm(false, true, 2, 3, 4, 1f, new float[8], 4, new float[12], 3, 0f, new float[6], 3));
        Assert.Contains("leading dimension of B is 3, less than its 4 columns", error.Message);
    }

    [Theory, MemberData(nameof(Providers))]
    public void ShortBufferIsRejected(string provider)
    {
        if (Create(provider) is not { } gemm) return;
        var error = Assert.Throws<ArgumentException>(
            () => gemm.Sgemm(false, false, 2, 3, 4, 1f, new float[8], 4, new float[12], 3, 0f, new float[6], 4));
        Assert.Contains("C is (2, 3) with stride 4 and needs 7 elements, but its buffer has 6", error.Message);
        error = Assert.Throws<ArgumentException>(
            () => gemm.Sgemm(true, false, 2, 3, 4, 1f, new float[7], 2, new float[12], 3, 0f, new float[6], 3));
        Assert.Contains("A is (4, 2) with stride 2 and needs 8 elements, but its buffer has 7", error.Message);
    }

    [SkippableFact]
    public void NegativeSizeIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new ManagedGemm().Sgemm(false, false, -1, 3, 4, 1f, [], 4, new float[12], 3, 0f, [], 3));
        Assert.Contains("non-negative", error.Message);
    }

    [SkippableFact]
    public void UnknownProviderNameListsTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.ByName("mkl"));
        Assert.Contains("'managed', 'openblas' or 'naive'", error.Message);
        Assert.Equal("managed", Gemm.ByName("Managed").Name);
        Assert.Equal("naive", Gemm.ByName("naive").Name);
    }

    private IGemmProvider? Create(string provider) =>
        provider != "openblas" || Requires.Tool(OpenBlasGemm.IsAvailable, "OpenBLAS", output) ? Gemm.ByName(provider) : null;
}
