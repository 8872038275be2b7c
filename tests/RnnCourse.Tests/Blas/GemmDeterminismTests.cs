using RnnCourse.Tensors.Blas;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Blas;

/// <summary>
/// The course promises bit-identical training runs for a seed, so the managed GEMM must give the same
/// bits whatever the thread count (the split must not change any element's summation order) and
/// whatever the kernel (AVX-512, AVX2, 128-bit and scalar machines agree).
/// </summary>
public class GemmDeterminismTests(ITestOutputHelper output)
{
    /// <summary>Shapes above the parallel threshold, split by rows and by columns, with edge tiles.</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1024, 1024, 64 }, { 32, 2048, 512 }, { 50, 512, 128 }, { 1000, 3, 777 }, { 3, 1000, 777 },
        { 257, 513, 129 }, { 70, 70, 600 }, { 130, 70, 90 },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void ThreadCountDoesNotChangeAnyBit(int m, int n, int k)
    {
        foreach (var (transA, transB) in new[] { (false, false), (true, true), (true, false), (false, true) })
        {
            var data = new GemmCase(transA, transB, m, n, k, 0.5f, 0.25f).CreateData(m + n + k);
            float[] single = data.Run(new ManagedGemm(ManagedGemm.BestKernel, threads: 1));
            foreach (int threads in new[] { 2, 3, 5 })
            {
                float[] multi = data.Run(new ManagedGemm(ManagedGemm.BestKernel, threads));
                AssertBitIdentical(single, multi, $"{threads} threads vs 1, transA={transA} transB={transB}");
            }
        }
    }

    [Theory, MemberData(nameof(Shapes))]
    public void EveryKernelGivesTheSameBits(int m, int n, int k)
    {
        var data = new GemmCase(m % 2 == 0, n % 2 == 1, m, n, k, -1.25f, 0.5f).CreateData(m * n + k);
        float[] reference = data.Run(new ManagedGemm(KernelChoice.Scalar));
        foreach (var kernel in new[] { KernelChoice.Avx512, KernelChoice.Avx2, KernelChoice.Vector128 })
        {
            if (!ManagedGemm.IsSupported(kernel))
            {
                output.WriteLine($"skipped: the {kernel} kernel is not accelerated on this CPU");
                continue;
            }
            AssertBitIdentical(reference, data.Run(new ManagedGemm(kernel, threads: 2)), $"{kernel} vs scalar");
        }
    }

    private static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} differs ({expected[i]:R} vs {actual[i]:R}).");
    }
}
