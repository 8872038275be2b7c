using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Tensors;

/// <summary>Forward values against references computed independently in double.</summary>
public class OpValueTests
{
    private readonly Generator _g = new(7);

    private Tensor Rand(params int[] shape) => GradCheck.Random(_g, -2, 2, shape);

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 })]
    [InlineData(new[] { 4 }, new[] { 2, 3, 4 })]
    [InlineData(new[] { 2, 1, 4 }, new[] { 1, 3, 1 })]
    [InlineData(new[] { 5, 1 }, new[] { 1, 6 })]
    [InlineData(new[] { 1 }, new[] { 2, 2 })]
    public void BroadcastingMatchesIndexArithmetic(int[] sa, int[] sb)
    {
        Tensor a = Rand(sa), b = Rand(sb);
        Tensor sum = a + b, product = a * b, quotient = a / (b.Abs() + 1f), difference = a - b;
        int[] shape = [.. sum.Shape];
        int rank = shape.Length;
        var index = new int[rank];
        for (int flat = 0; flat < sum.Numel; flat++)
        {
            int rem = flat;
            for (int d = rank - 1; d >= 0; d--) { index[d] = rem % shape[d]; rem /= shape[d]; }
            float va = a.Data[Offset(sa, index)], vb = b.Data[Offset(sb, index)];
            Assert.Equal(va + vb, sum.Data[flat], 6);
            Assert.Equal(va - vb, difference.Data[flat], 6);
            Assert.Equal(va * vb, product.Data[flat], 6);
            Assert.Equal(va / (MathF.Abs(vb) + 1f), quotient.Data[flat], 5);
        }
    }

    private static int Offset(int[] shape, int[] outIndex)
    {
        int offset = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            int i = shape[^(d + 1)] == 1 ? 0 : outIndex[^(d + 1)];
            int stride = 1;
            for (int e = shape.Length - d; e < shape.Length; e++) stride *= shape[e];
            offset += i * stride;
        }
        return offset;
    }

    [Fact]
    public void PointwiseFunctionsMatchMath()
    {
        Tensor x = Rand(50);
        for (int i = 0; i < x.Numel; i++)
        {
            double v = x.Data[i];
            Assert.Equal(Math.Tanh(v), x.Tanh().Data[i], 5);
            Assert.Equal(1 / (1 + Math.Exp(-v)), x.Sigmoid().Data[i], 5);
            Assert.Equal(Math.Exp(v), x.Exp().Data[i], 4);
            Assert.Equal(Math.Max(v, 0), x.Relu().Data[i], 6);
            Assert.Equal(Math.Clamp(v, -0.5, 0.5), x.Clamp(-0.5f, 0.5f).Data[i], 6);
            Assert.Equal(Math.Pow(Math.Abs(v), 1.5), x.Abs().Pow(1.5f).Data[i], 4);
        }
    }

    [Fact]
    public void ReductionsMatchLoops()
    {
        Tensor x = Rand(3, 4, 5);
        Tensor s1 = x.Sum(1), m2 = x.Mean(-1, keepDim: true);
        var (max0, arg0) = x.Max(0);
        Assert.Equal(new[] { 3, 5 }, s1.Shape);
        Assert.Equal(new[] { 3, 4, 1 }, m2.Shape);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 5; k++)
            {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += x[i, j, k];
                Assert.Equal(sum, s1[i, k], 5);
            }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
            {
                double mean = 0;
                for (int k = 0; k < 5; k++) mean += x[i, j, k] / 5.0;
                Assert.Equal(mean, m2[i, j, 0], 5);
                for (int k = 0; k < 5; k++)
                {
                    int best = Enumerable.Range(0, 3).MaxBy(r => x[r, j, k]);
                    Assert.Equal(best, arg0[j * 5 + k]);
                    Assert.Equal(x[best, j, k], max0[j, k]);
                }
            }
        Assert.Equal(x.Data.Select(v => (double)v).Sum(), x.Sum().Item(), 4);
        Assert.Equal(x.Data.Max(), x.Max().Item());
        Assert.Equal(Array.IndexOf(x.Data, x.Data.Max()), x.Argmax());
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 3)]
    [InlineData(16, 33, 65)]
    public void MatMulMatchesTripleLoop(int m, int k, int n)
    {
        Tensor a = Rand(2, m, k), b = Rand(2, k, n), w = Rand(k, n);
        Tensor batched = a.MatMul(b), shared = a.MatMul(w), plain = a.Select(0, 1).MatMul(w);
        for (int bi = 0; bi < 2; bi++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sb = 0, sw = 0;
                    for (int p = 0; p < k; p++) { sb += a[bi, i, p] * (double)b[bi, p, j]; sw += a[bi, i, p] * (double)w[p, j]; }
                    Assert.Equal(sb, batched[bi, i, j], 1e-5 * (1 + Math.Abs(sb)));
                    Assert.Equal(sw, shared[bi, i, j], 1e-5 * (1 + Math.Abs(sw)));
                    if (bi == 1) Assert.Equal(sw, plain[i, j], 1e-5 * (1 + Math.Abs(sw)));
                }
    }

    [Fact]
    public void ShapingMovesTheRightElements()
    {
        Tensor x = Torch.Arange(24).Reshape(2, 3, 4);
        Assert.Equal(x[1, 2, 3], x.Permute(2, 0, 1)[3, 1, 2]);
        Assert.Equal(x[0, 2, 1], x.Transpose(1, 2)[0, 1, 2]);
        Assert.Equal(new float[] { 13, 14, 17, 18, 21, 22 }, x.Select(0, 1).Narrow(1, 1, 2).Data);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, x.Select(1, 1).Select(0, 0).Data);
        Assert.Equal(new float[] { 2, 3, 6, 7, 10, 11 }, x.Select(0, 0).Slice(1, -2, 4).Data);
        Tensor[] parts = x.Chunk(2, -1);
        Assert.Equal(x.Data, Tensor.Cat(parts, -1).Data);
        Tensor stacked = Tensor.Stack([x.Select(0, 0), x.Select(0, 1)], 0);
        Assert.Equal(x.Data, stacked.Data);
        Assert.Equal(new[] { 2, 12 }, x.Flatten(1).Shape);
        Assert.Equal(new[] { 4, 6 }, x.Reshape(-1, 6).Shape);
    }

    [Fact]
    public void EmbeddingGathersRowsAndSkipsThePaddingGradient()
    {
        Tensor weight = Rand(4, 3).RequiresGrad_();
        Tensor e = Functional.Embedding([0, 3, 3, 1], [2, 2], weight, paddingIdx: 0);
        Assert.Equal(new[] { 2, 2, 3 }, e.Shape);
        Assert.Equal(weight.Select(0, 3).Data, e.Select(0, 1).Select(0, 0).Data);
        e.Sum().Backward();
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2 }, weight.Grad!.Data);
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndLogSoftmaxIsItsLog()
    {
        Tensor x = Rand(4, 6) * 10f;
        Tensor p = x.Softmax(-1), lp = x.LogSoftmax(-1);
        for (int r = 0; r < 4; r++)
        {
            double total = 0, max = x.Select(0, r).Data.Max();
            double denominator = x.Select(0, r).Data.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < 6; c++)
            {
                total += p[r, c];
                Assert.Equal(Math.Exp(x[r, c] - max) / denominator, p[r, c], 5);
                Assert.Equal(Math.Log(p[r, c]), lp[r, c], 4);
            }
            Assert.Equal(1.0, total, 5);
        }
    }

    [Fact]
    public void CrossEntropyIsStableForHugeLogits()
    {
        // Logits of 1e4: a naive exp overflows to inf. The loss of row r is lse(z) − z[y].
        Tensor logits = Torch.FromArray([1e4f, 0f, -1e4f, 1e4f, 1e4f - 1f, 0f], 2, 3).RequiresGrad_();
        Tensor loss = Functional.CrossEntropy(logits, [0, 1], reduction: Reduction.None);
        Assert.Equal(0.0, loss[0], 6);
        // Row 2: lse − (1e4 − 1) = 1 + log(1 + e⁻¹). A float lse near 1e4 is only good to 1e-3 (its ulp),
        // so the loss must be formed as (max − z_y) + log Σ e^(z − max), never as lse − z_y.
        double expected = Math.Log(1 + Math.Exp(-1)) + 1;
        Assert.Equal(expected, loss[1], 1e-6);
        loss.Sum().Backward();
        Assert.All(logits.Grad!.Data, v => Assert.True(float.IsFinite(v)));
        double p0 = 1 / (1 + Math.Exp(-1));
        Assert.Equal(p0, logits.Grad[1, 0], 1e-6);
        Assert.Equal(1 - p0 - 1, logits.Grad[1, 1], 1e-6);
    }

    [Fact]
    public void IndexSelectCutIntoRangesOfIndicesCopiesEverySliceToItsPlace()
    {
        // (outer, n, inner) = (3, 50, 100) gathered along dimension 1 by 400 indices: 120,000 floats, three ranges
        // (Parallelism.ForRanges cuts one range per 32K).
        const int outer = 3, n = 50, inner = 100, count = 400;
        Tensor x = Rand(outer, n, inner);
        int[] picked = Enumerable.Range(0, count).Select(i => i * 17 % n).ToArray();
        float[] gathered = Threads.With(3, () => x.IndexSelect(1, picked)).Data;
        Assert.Equal(outer * count * inner, gathered.Length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < count; i++)
                for (int j = 0; j < inner; j++)
                    Assert.Equal(x.Data[(o * n + picked[i]) * inner + j], gathered[(o * count + i) * inner + j]);
    }

    [Fact]
    public void CrossEntropyAndEmbeddingGradientsMatchDoublesAndTheSameBitsOnOneAndThreeThreads()
    {
        // Big enough to be cut into ranges of rows (cross-entropy) and of columns (the embedding's scatter-add).
        const int rows = 400, classes = 65, lookups = 300, vocab = 40, width = 128;
        float[] z = Rand(rows, classes).Data, table = Rand(vocab, width).Data, w = Rand(lookups, width).Data;
        int[] targets = Enumerable.Range(0, rows).Select(r => r % 7 == 0 ? -100 : r * 13 % classes).ToArray();
        int[] ids = Enumerable.Range(0, lookups).Select(i => i * 7 % vocab).ToArray();
        (float[] Loss, float[] DLogits, float[] DTable) Run()
        {
            Tensor logits = Torch.FromArray((float[])z.Clone(), rows, classes).RequiresGrad_();
            Tensor weight = Torch.FromArray((float[])table.Clone(), vocab, width).RequiresGrad_();
            Tensor loss = Functional.CrossEntropy(logits, targets, reduction: Reduction.None);
            Tensor looked = Functional.Embedding(ids, [lookups], weight);
            (loss.Sum() + (looked * Torch.FromArray(w, lookups, width)).Sum()).Backward();
            return (loss.Data.ToArray(), logits.Grad!.Data.ToArray(), weight.Grad!.Data.ToArray());
        }
        var one = Threads.With(1, Run);
        var three = Threads.With(3, Run);
        Assert.Equal(one.Loss, three.Loss);
        Assert.Equal(one.DLogits, three.DLogits);
        Assert.Equal(one.DTable, three.DTable);

        var loss = new double[rows];
        var dLogits = new double[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            if (targets[r] < 0) continue;
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.Exp(z[r * classes + c]);
            loss[r] = Math.Log(sum) - z[r * classes + targets[r]];
            for (int c = 0; c < classes; c++)
                dLogits[r * classes + c] = Math.Exp(z[r * classes + c]) / sum - (c == targets[r] ? 1 : 0);
        }
        var dTable = new double[vocab * width];
        for (int i = 0; i < lookups; i++)
            for (int j = 0; j < width; j++) dTable[ids[i] * width + j] += w[i * width + j];
        Tolerance.AllClose(loss, one.Loss, rtol: 1e-6, what: "loss");
        Tolerance.AllClose(dLogits, one.DLogits, rtol: 1e-5, atol: 1e-7, what: "dlogits");
        Tolerance.AllClose(dTable, one.DTable, what: "dtable");
    }

    [Fact]
    public void CrossEntropyMeanSkipsIgnoredPositions()
    {
        Tensor logits = Rand(4, 5);
        Tensor perRow = Functional.CrossEntropy(logits, [1, -100, 3, -100], reduction: Reduction.None);
        Assert.Equal(0f, perRow[1]);
        Assert.Equal((perRow[0] + perRow[2]) / 2, Functional.CrossEntropy(logits, [1, -100, 3, -100]).Item(), 6);
        Assert.Equal(perRow[0] + perRow[2], Functional.CrossEntropy(logits, [1, -100, 3, -100], reduction: Reduction.Sum).Item(), 6);
        var lp = logits.LogSoftmax(-1);
        Assert.Equal(-lp[0, 1], perRow[0], 5);
        Assert.True(float.IsNaN(Functional.CrossEntropy(logits, [-100, -100, -100, -100]).Item()));
    }

    [Fact]
    public void MseLossIsTheMeanSquare()
    {
        Tensor a = Torch.FromArray([1f, 4f, 5f]), b = Torch.FromArray([1f, 2f, 3f]);
        Assert.Equal(8f, Functional.MseLoss(a, b, Reduction.Sum).Item());
        Assert.Equal(8f / 3, Functional.MseLoss(a, b).Item(), 6);
    }

    [Fact]
    public void FactoriesAndInitialisers()
    {
        Assert.Equal(new float[] { 0, 0.5f, 1f, 1.5f }, Torch.Arange(0, 2, 0.5f).Data);
        Assert.All(Torch.Full(3f, 2, 2).Data, v => Assert.Equal(3f, v));
        Tensor w = Init.XavierUniform(Torch.Zeros(200, 300), gain: 1f, new Generator(1));
        float bound = MathF.Sqrt(6f / 500);
        Assert.All(w.Data, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Data.Max() > 0.95f * bound && w.Data.Min() < -0.95f * bound);
        Tensor u = Init.UniformInverseSqrt(Torch.Zeros(200, 300), 40, new Generator(1));
        float inverseSqrt = 1f / MathF.Sqrt(40);
        Assert.All(u.Data, v => Assert.InRange(v, -inverseSqrt, inverseSqrt));
        Assert.True(u.Data.Max() > 0.99f * inverseSqrt && u.Data.Min() < -0.99f * inverseSqrt);
        Assert.Equal(0.0, u.Data.Average(), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.UniformInverseSqrt(Torch.Zeros(2), 0));
        Tensor n = Init.XavierNormal(Torch.Zeros(300, 500), gain: 2f, new Generator(1));
        double std = Math.Sqrt(n.Data.Sum(v => (double)v * v) / n.Numel);
        Assert.Equal(2 * Math.Sqrt(2.0 / 800), std, 3);
    }
}
