using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Optim;

/// <summary>clip_grad_norm_ and clip_grad_value_: the pre-clip norm, the exact scale, and untouched small gradients.</summary>
public class ClipGradTests
{
    private static Tensor WithGrad(params float[] grad)
    {
        Tensor p = Torch.Zeros(grad.Length).RequiresGrad_();
        p.Grad = Torch.FromArray(grad);
        return p;
    }

    [Fact]
    public void NormReturnsTheJointNormBeforeClippingAndScalesEveryGradientByTheSameFactor()
    {
        Tensor a = WithGrad(3f, 4f), b = WithGrad(12f), none = Torch.Ones(2).RequiresGrad_();
        float total = ClipGrad.Norm([a, b, none], maxNorm: 6.5f);

        Assert.Equal(13f, total); // √(9 + 16 + 144), parameters without Grad ignored
        float coefficient = 6.5f / (13f + 1e-6f);
        Assert.Equal([3f * coefficient, 4f * coefficient], a.Grad!.Data);
        Assert.Equal([12f * coefficient], b.Grad!.Data);
        Assert.Equal(6.5, ClipGrad.TotalNorm([a, b]), 5);
        Assert.Null(none.Grad);
    }

    [Fact]
    public void GradientsBelowTheLimitAreLeftExactlyAsTheyWere()
    {
        Tensor a = WithGrad(0.3f, -0.4f);
        Assert.Equal(0.5f, ClipGrad.Norm([a], maxNorm: 1f), 6);
        Assert.Equal([0.3f, -0.4f], a.Grad!.Data);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(2f)]
    [InlineData(3f)]
    [InlineData(float.PositiveInfinity)]
    public void NormsOfLongGradientsMatchADoubleReference(float normType)
    {
        var g = new Generator(9);
        Tensor[] ps = [GradCheck.Random(g, -1, 1, 3), GradCheck.Random(g, -1, 1, Optimizer.ChunkSize * 2 + 11), GradCheck.Random(g, -1, 1, 70)];
        foreach (Tensor p in ps) { p.Grad = GradCheck.Random(g, -2, 2, p.Numel); }
        double[] all = ps.SelectMany(p => p.Grad!.Data).Select(v => (double)v).ToArray();
        double expected = float.IsPositiveInfinity(normType)
            ? all.Max(Math.Abs)
            : Math.Pow(all.Sum(v => Math.Pow(Math.Abs(v), normType)), 1 / (double)normType);
        float[][] before = ps.Select(p => p.Grad!.ToArray()).ToArray();

        float total = ClipGrad.Norm(ps, maxNorm: 1f, normType);

        Assert.Equal(expected, total, expected * 1e-6);
        float coefficient = 1f / (total + 1e-6f);
        for (int i = 0; i < ps.Length; i++)
            for (int j = 0; j < before[i].Length; j++)
                Assert.Equal(before[i][j] * coefficient, ps[i].Grad!.Data[j]);
    }

    [Fact]
    public void NoGradientsGiveANormOfZero() => Assert.Equal(0f, ClipGrad.Norm([Torch.Ones(2)], 1f));

    [Fact]
    public void ANonFiniteNormThrowsWhenAskedTo()
    {
        Tensor a = WithGrad(1f, float.NaN);
        var e = Assert.Throws<InvalidOperationException>(() => ClipGrad.Norm([a], 1f, errorIfNonfinite: true));
        Assert.Contains("NaN", e.Message);
        Assert.True(float.IsNaN(ClipGrad.Norm([a], 1f))); // PyTorch's default: report it, scale by NaN
    }

    [Fact]
    public void ValueClampsEachElement()
    {
        Tensor a = WithGrad(-3f, -0.5f, 0f, 0.25f, 7f);
        ClipGrad.Value([a, Torch.Ones(1)], 1f);
        Assert.Equal([-1f, -0.5f, 0f, 0.25f, 1f], a.Grad!.Data);
    }
}
