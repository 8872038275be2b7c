using RnnCourse.Tensors.Blas;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Blas;

/// <summary>
/// The managed GEMM against the naive reference, with each of its kernels the CPU supports (AVX-512,
/// AVX2, 128-bit, scalar), both as shipped and with every operand packed (small shapes otherwise read
/// A and B in place and would never reach the packing code). The machine's own kernel runs on every
/// shape; in the two big sweeps the other variants take turns, so the tests stay quick in a Debug
/// build (GemmDeterminismTests also holds every kernel to the same bits on large shapes).
/// </summary>
public class ManagedGemmTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void MatchesNaiveOnEveryRowAndColumnCount() => VerifyAll(GemmSweeps.EveryRowAndColumnCount(), othersTakeTurns: true);

    [SkippableFact]
    public void MatchesNaiveOnEveryDepth() => VerifyAll(GemmSweeps.EveryDepth(), othersTakeTurns: false);

    [SkippableFact]
    public void MatchesNaiveOnLargeOddShapes() => VerifyAll(GemmSweeps.LargeOddShapes(), othersTakeTurns: true);

    [SkippableFact]
    public void AlphaZeroScalesCWithoutReadingAOrB()
    {
        float[] a = [float.NaN, float.NaN], b = [float.NaN, float.NaN], c = [2f, 4f, 6f, 8f];
        new ManagedGemm().Sgemm(false, false, 2, 2, 1, 0f, a, 1, b, 2, 0.5f, c, 2);
        Assert.Equal([1f, 2f, 3f, 4f], c);
    }

    [SkippableFact]
    public void DefaultProviderIsManagedOnAVectorMachine()
    {
        Skip.IfNot(ManagedGemm.IsVectorized, "this machine has neither AVX-512 nor AVX2 with FMA");
        Assert.Equal("managed", Gemm.Default().Name);
    }

    private void VerifyAll(IEnumerable<GemmCase> cases, bool othersTakeTurns)
    {
        var best = ManagedGemm.BestKernel;
        IGemmProvider[] own = [new ManagedGemm(best), new ManagedGemm(best, alwaysPack: true)];
        var others = new List<IGemmProvider>();
        foreach (var kernel in Enum.GetValues<KernelChoice>().Where(k => k != best))
        {
            if (ManagedGemm.IsSupported(kernel))
            {
                others.Add(new ManagedGemm(kernel));
                others.Add(new ManagedGemm(kernel, alwaysPack: true));
            }
            else
            {
                output.WriteLine($"skipped: the {kernel} kernel is not accelerated on this CPU");
            }
        }
        int count = 0;
        foreach (var gemmCase in cases)
        {
            IGemmProvider[] variants = others.Count == 0 ? own
                : othersTakeTurns ? [.. own, others[count % others.Count]]
                : [.. own, .. others];
            gemmCase.CreateData(count).Verify(variants);
            count++;
        }
        var names = own.Concat(others).Select(k => ((ManagedGemm)k).KernelName).Distinct();
        output.WriteLine($"{string.Join(", ", names)} (in place and packed): {count} shapes match the naive reference");
    }
}
