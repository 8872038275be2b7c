using RnnCourse.Tensors.Blas;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Blas;

/// <summary>
/// The managed GEMM against the naive reference, with each of its kernels the CPU supports (AVX-512,
/// AVX2, scalar) checked on the same operands.
/// </summary>
public class ManagedGemmTests(ITestOutputHelper output)
{
    [Fact]
    public void MatchesNaiveOnEveryRowAndColumnCount() => VerifyAll(GemmSweeps.EveryRowAndColumnCount());

    [Fact]
    public void MatchesNaiveOnEveryDepth() => VerifyAll(GemmSweeps.EveryDepth());

    [Fact]
    public void MatchesNaiveOnLargeOddShapes() => VerifyAll(GemmSweeps.LargeOddShapes());

    [Fact]
    public void AlphaZeroScalesCWithoutReadingAOrB()
    {
        float[] a = [float.NaN, float.NaN], b = [float.NaN, float.NaN], c = [2f, 4f, 6f, 8f];
        new ManagedGemm().Sgemm(false, false, 2, 2, 1, 0f, a, 1, b, 2, 0.5f, c, 2);
        Assert.Equal([1f, 2f, 3f, 4f], c);
    }

    [Fact]
    public void DefaultProviderIsManagedOnAVectorMachine()
    {
        if (!ManagedGemm.IsVectorized)
        {
            output.WriteLine("skipped: this machine has neither AVX-512 nor AVX2 with FMA");
            return;
        }
        Assert.Equal("managed", Gemm.Default().Name);
    }

    private void VerifyAll(IEnumerable<GemmCase> cases)
    {
        var kernels = new List<IGemmProvider>();
        foreach (var kernel in Enum.GetValues<KernelChoice>())
        {
            if (ManagedGemm.IsSupported(kernel)) kernels.Add(new ManagedGemm(kernel));
            else output.WriteLine($"skipped: the {kernel} kernel is not accelerated on this CPU");
        }
        int count = 0, seed = 0;
        foreach (var gemmCase in cases)
        {
            gemmCase.CreateData(seed++).Verify([.. kernels]);
            count++;
        }
        output.WriteLine($"{string.Join(", ", kernels.Select(k => ((ManagedGemm)k).KernelName))}: {count} shapes match the naive reference");
    }
}
