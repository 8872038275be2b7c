using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using static RnnCourse.Tests.Support.GradCheck;

namespace RnnCourse.Tests.Tensors;

/// <summary>
/// CumSum, LogCumSumExp, Unbind and the linear recurrence h_t = a_t ⊙ h_{t−1} + b_t, both as the loop of ops
/// (SequentialScan) and as Heinsen's log-space scan (ParallelScanLog): values against a reference in double,
/// gradients against finite differences and against the reference's backward recursion, long sequences,
/// and thread counts.
/// </summary>
public class ScanTests
{
    private readonly Generator _g = new(2410);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void CumSumAddsUpAlongTheDimension(int dim)
    {
        Tensor x = Random(_g, -1, 1, 3, 4, 5);
        Tensor y = x.CumSum(dim);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 5; k++)
                {
                    int[] at = [i, j, k];
                    double sum = 0;
                    for (int r = 0; r <= at[dim]; r++)
                    {
                        int[] from = [i, j, k];
                        from[dim] = r;
                        sum += x[from];
                    }
                    Assert.Equal(sum, y[i, j, k], 5e-6);
                }
        Check(t => t[0].CumSum(dim), [Random(_g, -1, 1, 3, 4, 5)]);
    }

    [Fact]
    public void CumSumOverWideRowsSumsEveryColumnAndIgnoresTheThreadCount()
    {
        Tensor x = Random(_g, -1, 1, 2, 7, 300);                  // 300 columns: a block of 256 and a remainder
        float[] one = Threads.With(1, () => x.CumSum(1).Data), two = Threads.With(2, () => x.CumSum(1).Data);
        Assert.Equal(one, two);
        for (int o = 0; o < 2; o++)
            for (int j = 0; j < 300; j += 37)
            {
                double sum = 0;
                for (int i = 0; i < 7; i++)
                {
                    sum += x[o, i, j];
                    Assert.Equal(sum, one[(o * 7 + i) * 300 + j], 5e-6);
                }
            }
    }

    [Fact]
    public void LogCumSumExpMatchesTheDirectSumAndIsStableForHugeValues()
    {
        Tensor x = Random(_g, -3, 3, 2, 6, 3);
        Tensor y = x.LogCumSumExp(1);
        for (int b = 0; b < 2; b++)
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int t = 0; t < 6; t++)
                {
                    sum += Math.Exp(x[b, t, j]);
                    Assert.Equal(Math.Log(sum), y[b, t, j], 5e-6);
                }
            }
        // e^1e4 overflows any float: the running maximum must keep the sum finite.
        Tensor huge = Torch.FromArray([1e4f, 1e4f, -1e4f, 1e4f + 1f]);
        float[] result = huge.LogCumSumExp(0).Data;
        Assert.Equal(1e4f, result[0]);
        Assert.Equal(1e4 + Math.Log(2), result[1], 1e-2);
        Assert.Equal(1e4 + Math.Log(2), result[2], 1e-2);
        Assert.Equal(1e4 + 1 + Math.Log(1 + 2 * Math.Exp(-1)), result[3], 1e-2);
        Check(t => t[0].LogCumSumExp(1), [Random(_g, -2, 2, 2, 5, 3)]);
        Check(t => t[0].LogCumSumExp(0), [Random(_g, -2, 2, 4, 3)]);
    }

    [Fact]
    public void LogCumSumExpSkipsMinusInfinityAndItsGradientIsZeroThere()
    {
        var x = Torch.FromArray([float.NegativeInfinity, float.NegativeInfinity, 0f, float.NegativeInfinity, 1f]).RequiresGrad_();
        Tensor y = x.LogCumSumExp(0);
        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity, 0f, 0f, (float)Math.Log(1 + Math.E)], y.Data);
        y.Backward(Torch.Ones(5));
        Assert.Equal(0f, x.Grad!.Data[0]);
        Assert.Equal(0f, x.Grad.Data[1]);
        Assert.Equal(0f, x.Grad.Data[3]);
        // ∂/∂x_2 = Σ_{t ≥ 2} e^(x_2 − y_t) = 1 + 1 + 1/(1 + e); ∂/∂x_4 = e/(1 + e)
        Assert.Equal(2 + 1 / (1 + Math.E), x.Grad.Data[2], 1e-6);
        Assert.Equal(Math.E / (1 + Math.E), x.Grad.Data[4], 1e-6);
    }

    [Fact]
    public void UnbindGivesTheSelectedSlicesAndOneGradient()
    {
        Tensor x = Random(_g, -1, 1, 2, 4, 3);
        Tensor[] slices = x.Unbind(1);
        Assert.Equal(4, slices.Length);
        for (int t = 0; t < 4; t++) Assert.Equal(x.Select(1, t).Data, slices[t].Data);
        Assert.Equal([2, 3], slices[0].Shape);
        // A gradient through some slices only: the others get zeros.
        Check(t => t[0].Unbind(1)[1] * 2f + t[0].Unbind(1)[3], [Random(_g, -1, 1, 2, 4, 3)]);
        Check(t => Tensor.Stack(t[0].Unbind(2), 0), [Random(_g, -1, 1, 2, 4, 3)]);
    }

    /// <summary>h_t = a_t h_{t−1} + b_t in double for a, b (B, T, H) and h0 (B, H), and its backward recursion for L = Σ w ⊙ h.</summary>
    private static (double[] H, double[] GradA, double[] GradB, double[] GradH0) Reference(double[] a, double[] b, double[]? h0, Tensor w)
    {
        int batch = w.Size(0), steps = w.Size(1), hidden = w.Size(2);
        var h = new double[a.Length];
        var gradA = new double[a.Length];
        var gradB = new double[a.Length];
        var gradH0 = new double[batch * hidden];
        for (int bi = 0; bi < batch; bi++)
            for (int j = 0; j < hidden; j++)
            {
                double state = h0 is null ? 0 : h0[bi * hidden + j];
                for (int t = 0; t < steps; t++)
                {
                    int i = (bi * steps + t) * hidden + j;
                    state = a[i] * state + b[i];
                    h[i] = state;
                }
                double grad = 0;
                for (int t = steps - 1; t >= 0; t--)
                {
                    int i = (bi * steps + t) * hidden + j;
                    grad = w.Data[i] + (t + 1 < steps ? a[i + hidden] * grad : 0);  // G_t = w_t + a_{t+1} G_{t+1}
                    gradB[i] = grad;
                    double previous = t > 0 ? h[i - hidden] : h0 is null ? 0 : h0[bi * hidden + j];
                    gradA[i] = previous * grad;
                    if (t == 0) gradH0[bi * hidden + j] = a[i] * grad;
                }
            }
        return (h, gradA, gradB, gradH0);
    }

    private static double[] Values(Tensor t) => t.Data.Select(v => (double)v).ToArray();

    private static double[] Exp(Tensor logs) => logs.Data.Select(v => Math.Exp(v)).ToArray();

    /// <summary>Coefficients as minGRU makes them: a = 1 − σ(k) in (0, 1), b = σ(k)·g(c) &gt; 0, given by their logs.</summary>
    private (Tensor LogA, Tensor LogB) GateLikeLogs(int batch, int steps, int hidden, float spread = 2f)
    {
        Tensor k = Random(_g, -spread, spread, batch, steps, hidden), c = Random(_g, -spread, spread, batch, steps, hidden);
        using var _ = Torch.NoGrad();
        return Functional.MinGruLogCoefficients(k, c);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(7, true)]
    [InlineData(64, false)]
    [InlineData(4096, true)]
    public void ParallelScanLogMatchesTheRecurrenceInDouble(int steps, bool withState)
    {
        const int batch = 2, hidden = Functional.ScanBlock + 3; // one full block of channels and a remainder
        var (logA, logB) = GateLikeLogs(batch, steps, hidden);
        logA.RequiresGrad_();
        logB.RequiresGrad_();
        Tensor? logH0 = withState ? Random(_g, -2, 1, batch, hidden).RequiresGrad_() : null;
        Tensor w = Random(_g, -1, 1, batch, steps, hidden);

        Tensor h = Functional.ParallelScanLog(logA, logB, logH0);
        (h * w).Sum().Backward();

        double[] a = Exp(logA), b = Exp(logB);
        double[]? h0 = logH0 is null ? null : Exp(logH0);
        var (expected, gradA, gradB, gradH0) = Reference(a, b, h0, w);
        Tolerance.AllClose(expected, h.Data, rtol: 1e-6, atol: 0, what: "h");
        // Through the logs: ∂L/∂log a = a ∂L/∂a, ∂L/∂log b = b ∂L/∂b, ∂L/∂log h0 = h0 ∂L/∂h0.
        static double[] Times(double[] g, double[] by) => g.Select((v, i) => v * by[i]).ToArray();
        AssertRelativeToLargest(Times(gradA, a), logA.Grad!.Data, 1e-6, "∂L/∂log a");
        AssertRelativeToLargest(Times(gradB, b), logB.Grad!.Data, 1e-6, "∂L/∂log b");
        if (h0 is not null) AssertRelativeToLargest(Times(gradH0, h0), logH0!.Grad!.Data, 1e-6, "∂L/∂log h0");
    }

    /// <summary>|actual − expected| ≤ tolerance · max |expected|, element by element: the gradient as a whole to that
    /// relative accuracy (entries that are sums of terms of both signs have no relative accuracy of their own).
    /// An all-zero expectation (∂L/∂log a with one step and no h0) asks for exact zeros.</summary>
    private static void AssertRelativeToLargest(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        double largest = 0;
        foreach (double e in expected) largest = Math.Max(largest, Math.Abs(e));
        Tolerance.AllClose(expected, actual, rtol: 0, atol: tolerance * largest, what: what);
    }

    [Fact]
    public void ParallelScanLogGradientsMatchFiniteDifferences()
    {
        var (logA, logB) = GateLikeLogs(2, 5, 3, spread: 1f);
        Check(t => Functional.ParallelScanLog(t[0], t[1], t[2]), [logA, logB, Random(_g, -1, 0.5f, 2, 3)], h: 1e-2f);
        Check(t => Functional.ParallelScanLog(t[0], t[1]), [logA.Copy(), logB.Copy()], h: 1e-2f);
    }

    [Fact]
    public void ParallelScanLogNeitherOverflowsNorUnderflowsOnLongStronglyDecayingSequences()
    {
        // a* reaches about −8 · 4096 ≈ −33,000: e^(−a*) is far beyond any float or double, yet h is moderate.
        const int steps = 4096;
        var logA = Torch.Full(-8f, 1, steps, 2);
        var logB = Torch.Zeros(1, steps, 2);
        float[] h = Functional.ParallelScanLog(logA, logB).Data;
        double fixedPoint = 1 / (1 - Math.Exp(-8)); // h = a h + 1 settles at 1 / (1 − a)
        Assert.All(h.Skip(2), v => Assert.Equal(fixedPoint, v, 1e-6));
        // The other way: tiny inputs, log b = −80 (b ≈ 1.8e-35, near float's smallest normal), a slow decay.
        var slow = Torch.Full(-1e-3f, 1, steps, 1);
        var tiny = Torch.Full(-80f, 1, steps, 1);
        float[] small = Functional.ParallelScanLog(slow, tiny).Data;
        var (expected, _, _, _) = Reference(Exp(slow), Exp(tiny), null, Torch.Zeros(1, steps, 1));
        Tolerance.AllClose(expected, small, rtol: 1e-6, atol: 0, what: "h with b ≈ 1.8e-35");
    }

    [Fact]
    public void AZeroInitialStateIsTheSameAsNone()
    {
        var (logA, logB) = GateLikeLogs(2, 9, 5);
        Tensor withZero = Functional.ParallelScanLog(logA, logB, Torch.Full(float.NegativeInfinity, 2, 5));
        Assert.Equal(Functional.ParallelScanLog(logA, logB).Data, withZero.Data);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(512)]
    [InlineData(4096)]
    public void SequentialAndParallelScansAgreeInValuesAndGradients(int steps)
    {
        const int batch = 2, hidden = 5;
        var (logA0, logB0) = GateLikeLogs(batch, steps, hidden);
        Tensor logH00 = Random(_g, -2, 1, batch, hidden), w = Random(_g, -1, 1, batch, steps, hidden);

        Tensor logA = logA0.Copy().RequiresGrad_(), logB = logB0.Copy().RequiresGrad_(), logH0 = logH00.Copy().RequiresGrad_();
        Tensor parallel = Functional.ParallelScanLog(logA, logB, logH0);
        (parallel * w).Sum().Backward();

        Tensor logA2 = logA0.Copy().RequiresGrad_(), logB2 = logB0.Copy().RequiresGrad_(), logH02 = logH00.Copy().RequiresGrad_();
        Tensor sequential = Functional.SequentialScan(logA2.Exp(), logB2.Exp(), logH02.Exp());
        (sequential * w).Sum().Backward();

        Tolerance.AllClose(sequential.Data, parallel.Data, rtol: 1e-5, atol: 0, what: "h");
        foreach (var (name, expected, actual) in new[] { ("log a", logA2, logA), ("log b", logB2, logB), ("log h0", logH02, logH0) })
            AssertRelativeToLargest(expected.Grad!.Data.Select(v => (double)v).ToArray(), actual.Grad!.Data, 1e-5, $"∂L/∂{name}");
    }

    [Fact]
    public void SequentialScanMatchesTheRecurrenceAndFiniteDifferences()
    {
        Tensor a = Random(_g, 0.1f, 0.9f, 2, 6, 3), b = Random(_g, -1, 1, 2, 6, 3), h0 = Random(_g, -1, 1, 2, 3);
        Tensor w = Random(_g, -1, 1, 2, 6, 3);
        var (expected, _, _, _) = Reference(Values(a), Values(b), Values(h0), w);
        Tolerance.AllClose(expected, Functional.SequentialScan(a, b, h0).Data, rtol: 1e-6, atol: 1e-7, what: "h");
        Check(t => Functional.SequentialScan(t[0], t[1], t[2]), [a, b, h0]);
    }

    [Fact]
    public void OneAndTwoThreadsGiveTheSameBits()
    {
        int hidden = Functional.ScanBlock + 5;                     // 3 × 2 blocks of channels, shared by the threads
        var (logA0, logB0) = GateLikeLogs(3, 300, hidden);
        Tensor logH0 = Random(_g, -2, 1, 3, hidden), w = Random(_g, -1, 1, 3, 300, hidden);
        float[][] Run()
        {
            Tensor logA = logA0.Copy().RequiresGrad_(), logB = logB0.Copy().RequiresGrad_(), h0 = logH0.Copy().RequiresGrad_();
            Tensor h = Functional.ParallelScanLog(logA, logB, h0);
            (h * w).Sum().Backward();
            return [h.Data, logA.Grad!.Data, logB.Grad!.Data, h0.Grad!.Data];
        }
        float[][] one = Threads.With(1, Run), two = Threads.With(2, Run);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    [Fact]
    public void ShapeErrorsNameBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.ParallelScanLog(Torch.Zeros(2, 3, 4), Torch.Zeros(2, 3, 5)));
        Assert.Contains("(2, 3, 4)", e.Message);
        Assert.Contains("(2, 3, 5)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.SequentialScan(Torch.Zeros(2, 3, 4), Torch.Zeros(2, 3, 4), Torch.Zeros(3, 4)));
        Assert.Contains("(2, 4)", e.Message);
        Assert.Throws<ArgumentException>(() => Functional.ParallelScanLog(Torch.Zeros(2, 0, 4), Torch.Zeros(2, 0, 4)));
    }
}
