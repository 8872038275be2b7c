using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

/// <summary>Inverted dropout: the keep rate, the 1/(1 − p) scale, the identity in evaluation, and the masked gradient.</summary>
public class DropoutTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.3f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void ZeroesAboutAFractionPAndScalesTheRestSoTheMeanIsKept(float p)
    {
        const int n = 200_000;
        var dropout = new Dropout(p, new Generator(11));
        Tensor y = dropout.Forward(Torch.Ones(n));

        float scale = 1f / (1f - p);
        int zeros = 0;
        double sum = 0;
        foreach (float v in y.Data)
        {
            if (v == 0f) zeros++;
            else Assert.Equal(scale, v); // every kept element is exactly 1/(1 − p)
            sum += v;
        }
        double sigma = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)zeros / n, p - 5 * sigma, p + 5 * sigma);
        // E[y] = x = 1; the mean of n draws of scale·Bernoulli(1 − p) has σ = scale·σ_fraction.
        Assert.InRange(sum / n, 1 - 5 * scale * sigma, 1 + 5 * scale * sigma);
    }

    [Fact]
    public void EvaluationModeReturnsTheInputItself()
    {
        var dropout = new Dropout(0.5f, new Generator(1));
        Tensor x = GradCheck.Random(new Generator(2), -1, 1, 4, 5);
        float[] before = x.ToArray();
        dropout.Eval();
        Assert.False(dropout.Training);
        Assert.Same(x, dropout.Forward(x));
        Assert.Equal(before, x.Data);
        dropout.Train();
        Assert.NotSame(x, dropout.Forward(x));
    }

    [Fact]
    public void ProbabilityZeroIsTheIdentityAndOneGivesZeros()
    {
        Tensor x = GradCheck.Random(new Generator(3), -1, 1, 3, 7).RequiresGrad_();
        Assert.Same(x, new Dropout(0f).Forward(x));

        Tensor y = new Dropout(1f, new Generator(4)).Forward(x);
        Assert.All(y.Data, v => Assert.Equal(0f, v));
        y.Sum().Backward();
        Assert.All(x.Grad!.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void GradientFlowsThroughTheSameMask()
    {
        const float p = 0.4f;
        float scale = 1f / (1f - p);
        Tensor x = GradCheck.AwayFromZero(new Generator(5), 0.1f, 6, 9).RequiresGrad_();
        Tensor y = Functional.Dropout(x, p, training: true, new Generator(6));
        Tensor seed = GradCheck.Random(new Generator(7), -1, 1, 6, 9);
        y.Backward(seed);

        Assert.Equal("DropoutBackward", y.GradFnName);
        for (int i = 0; i < x.Numel; i++)
        {
            bool kept = y.Data[i] != 0f;
            Assert.Equal(kept ? x.Data[i] * scale : 0f, y.Data[i]);
            Assert.Equal(kept ? seed.Data[i] * scale : 0f, x.Grad!.Data[i]);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameMask()
    {
        Tensor x = Torch.Ones(1000);
        Tensor a = new Dropout(0.5f, new Generator(42)).Forward(x);
        Tensor b = new Dropout(0.5f, new Generator(42)).Forward(x);
        Tensor c = new Dropout(0.5f, new Generator(43)).Forward(x);
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void RefusesAProbabilityOutsideZeroToOne(float p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p));
        Assert.Contains("not in [0, 1]", e.Message);
    }

    [Fact]
    public void ReprShowsP() => Assert.Equal("Dropout(p=0.25)", new Dropout(0.25f).ToString());
}
