using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using static RnnCourse.Tests.Support.GradCheck;

namespace RnnCourse.Tests.Tensors;

/// <summary>Every differentiable op against central finite differences, on random shapes.</summary>
public class GradientCheckTests
{
    private readonly Generator _g = new(2024);

    public static TheoryData<int[], int[]> BroadcastPairs => new()
    {
        { [3, 4], [3, 4] },
        { [3, 4], [4] },        // a bias row
        { [2, 3, 4], [3, 1] },
        { [4], [2, 3, 4] },
        { [2, 1, 4], [1, 3, 1] },
        { [3, 4], [1] },
        { [5], [1] },
    };

    [Theory, MemberData(nameof(BroadcastPairs))]
    public void AddSubMulDivBroadcast(int[] a, int[] b)
    {
        Check(x => x[0] + x[1], [Random(_g, -1, 1, a), Random(_g, -1, 1, b)]);
        Check(x => x[0] - x[1], [Random(_g, -1, 1, a), Random(_g, -1, 1, b)]);
        Check(x => x[0] * x[1], [Random(_g, -1, 1, a), Random(_g, -1, 1, b)]);
        Check(x => x[0] / x[1], [Random(_g, -1, 1, a), Random(_g, 0.5f, 2, b)]);
    }

    [Fact]
    public void ScalarArithmetic()
    {
        Check(x => x[0] * 3f + 2f, [Random(_g, -1, 1, 2, 3)]);
        Check(x => 1f - x[0] / 4f, [Random(_g, -1, 1, 5)]);
        Check(x => 2f / x[0], [Random(_g, 0.5f, 2, 4)]);
        Check(x => -x[0], [Random(_g, -1, 1, 3, 2)]);
    }

    [Fact]
    public void SameTensorUsedTwiceAccumulates() => Check(x => x[0] * x[0] + x[0], [Random(_g, -1, 1, 3, 3)]);

    [Fact]
    public void Pointwise()
    {
        Check(x => x[0].Exp(), [Random(_g, -2, 2, 3, 4)]);
        Check(x => x[0].Log(), [Random(_g, 0.5f, 3, 3, 4)]);
        Check(x => x[0].Tanh(), [Random(_g, -2, 2, 3, 4)]);
        Check(x => x[0].Sigmoid(), [Random(_g, -3, 3, 3, 4)]);
        Check(x => x[0].Relu(), [AwayFromZero(_g, 0.05f, 3, 4)]);
        Check(x => x[0].Abs(), [AwayFromZero(_g, 0.05f, 3, 4)]);
        Check(x => x[0].Sqrt(), [Random(_g, 0.5f, 3, 3, 4)]);
        Check(x => x[0].Pow(2f), [Random(_g, -2, 2, 3, 4)]);
        Check(x => x[0].Pow(3f), [Random(_g, -2, 2, 3, 4)]);
        Check(x => x[0].Pow(-1.5f), [Random(_g, 0.5f, 2, 3, 4)]);
        Check(x => x[0].Clamp(-0.5f, 0.5f), [Kinkless(Random(_g, -1, 1, 4, 5), -0.5f, 0.5f)]);
    }

    private static Tensor Kinkless(Tensor t, params float[] kinks)
    {
        for (int i = 0; i < t.Numel; i++)
            foreach (float k in kinks)
                if (MathF.Abs(t.Data[i] - k) < 0.05f) t.Data[i] = k + 0.1f;
        return t;
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, 0)]
    [InlineData(new[] { 3, 4 }, 1)]
    [InlineData(new[] { 2, 3, 4 }, 1)]
    [InlineData(new[] { 2, 3, 4 }, -1)]
    public void SumMeanMaxAlongDimension(int[] shape, int dim)
    {
        Check(x => x[0].Sum(dim), [Random(_g, -1, 1, shape)]);
        Check(x => x[0].Sum(dim, keepDim: true), [Random(_g, -1, 1, shape)]);
        Check(x => x[0].Mean(dim), [Random(_g, -1, 1, shape)]);
        Check(x => x[0].Max(dim).Values, [Distinct(shape)]);
        Check(x => x[0].Sum(), [Random(_g, -1, 1, shape)]);
        Check(x => x[0].Mean(), [Random(_g, -1, 1, shape)]);
        Check(x => x[0].Max(), [Distinct(shape)]);
    }

    /// <summary>Values a permutation apart by 0.1: the maximum stays put under a finite-difference step.</summary>
    private Tensor Distinct(int[] shape)
    {
        Tensor t = Torch.Zeros(shape);
        int[] p = _g.Permutation(t.Numel);
        for (int i = 0; i < t.Numel; i++) t.Data[i] = 0.1f * p[i];
        return t;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 5)]
    [InlineData(7, 2, 6)]
    public void MatMul(int m, int k, int n)
    {
        Check(x => x[0].MatMul(x[1]), [Random(_g, -1, 1, m, k), Random(_g, -1, 1, k, n)]);
        Check(x => x[0].MatMul(x[1]), [Random(_g, -1, 1, 2, m, k), Random(_g, -1, 1, 2, k, n)]); // batched
        Check(x => x[0].MatMul(x[1]), [Random(_g, -1, 1, 3, m, k), Random(_g, -1, 1, k, n)]);    // shared weight
    }

    [Fact]
    public void ShapingOps()
    {
        Check(x => x[0].Reshape(4, -1), [Random(_g, -1, 1, 2, 3, 4)]);
        Check(x => x[0].Transpose(0, 1), [Random(_g, -1, 1, 3, 4)]);
        Check(x => x[0].Transpose(0, 2), [Random(_g, -1, 1, 2, 3, 4)]);
        Check(x => x[0].Permute(2, 0, 1), [Random(_g, -1, 1, 2, 3, 4)]);
        Check(x => x[0].Narrow(1, 1, 2), [Random(_g, -1, 1, 2, 4, 3)]);
        Check(x => x[0].Slice(-1, -3, -1), [Random(_g, -1, 1, 2, 5)]);
        Check(x => x[0].Select(1, 2), [Random(_g, -1, 1, 2, 4, 3)]);
        Check(x => x[0].Chunk(2, 1)[1], [Random(_g, -1, 1, 3, 4)]);
        Check(x => Tensor.Cat([x[0], x[1], x[0]], 1), [Random(_g, -1, 1, 2, 3), Random(_g, -1, 1, 2, 1)]);
        Check(x => Tensor.Cat([x[0], x[1]], 0), [Random(_g, -1, 1, 2, 3), Random(_g, -1, 1, 1, 3)]);
        Check(x => Tensor.Stack([x[0], x[1]], 1), [Random(_g, -1, 1, 2, 3), Random(_g, -1, 1, 2, 3)]);
        Check(x => x[0].Unsqueeze(1).Squeeze(1), [Random(_g, -1, 1, 2, 3)]);
    }

    [Fact]
    public void IndexSelectAndEmbeddingScatterAdd()
    {
        Check(x => x[0].IndexSelect(0, [2, 0, 2, 1]), [Random(_g, -1, 1, 3, 4)]);
        Check(x => x[0].IndexSelect(1, [1, 1, 0]), [Random(_g, -1, 1, 2, 3, 2)]);
        Check(x => Functional.Embedding([4, 1, 4, 0, 2, 4], [2, 3], x[0]), [Random(_g, -1, 1, 5, 3)]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void SoftmaxAndLogSoftmax(int dim)
    {
        Check(x => x[0].Softmax(dim), [Random(_g, -2, 2, 3, 5)]);
        Check(x => x[0].LogSoftmax(dim), [Random(_g, -2, 2, 3, 5)]);
        Check(x => x[0].LogSoftmax(dim), [Random(_g, -2, 2, 2, 3, 4)]);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void CrossEntropyWithIgnoreIndex(Reduction reduction)
    {
        int[] targets = [3, -100, 0, 4, -100, 1];
        Check(x => Functional.CrossEntropy(x[0], targets, reduction: reduction), [Random(_g, -2, 2, 6, 5)]);
        Check(x => Functional.CrossEntropy(x[0], targets, reduction: reduction), [Random(_g, -2, 2, 2, 3, 5)]); // (B, T, C)
        Check(x => Functional.CrossEntropy(x[0], [0, 2, 2], ignoreIndex: 2, reduction: reduction), [Random(_g, -2, 2, 3, 4)]);
    }

    [Fact]
    public void MseLoss()
    {
        Check(x => Functional.MseLoss(x[0], x[1]), [Random(_g, -1, 1, 3, 4), Random(_g, -1, 1, 3, 4)]);
        Check(x => Functional.MseLoss(x[0], x[1], Reduction.Sum), [Random(_g, -1, 1, 5), Random(_g, -1, 1, 5)]);
    }

    [Fact]
    public void ElmanStepComposition()
    {
        // h' = tanh(x·W + h·U + b): the chapter-3 unit, through the whole chain of ops.
        Check(x => (x[0].MatMul(x[1]) + x[2].MatMul(x[3]) + x[4]).Tanh(),
            [Random(_g, -1, 1, 4, 3), Random(_g, -1, 1, 3, 5), Random(_g, -1, 1, 4, 5), Random(_g, -1, 1, 5, 5), Random(_g, -1, 1, 5)]);
    }

    [Fact]
    public void LinearWithAndWithoutBias()
    {
        Check(x => Functional.Linear(x[0], x[1], x[2]), [Random(_g, -1, 1, 4, 3), Random(_g, -1, 1, 5, 3), Random(_g, -1, 1, 5)]);
        Check(x => Functional.Linear(x[0], x[1]), [Random(_g, -1, 1, 2, 3, 4), Random(_g, -1, 1, 2, 4)]);
    }
}
