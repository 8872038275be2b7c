using RnnCourse.NGrams;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class AddDeltaModelTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void AddOneOnTheTinyCorpus()
    {
        var model = new AddDeltaModel(Bigrams());
        // (c(h w) + 1) / (c(h) + V) with V = 4: after a (c = 3): b 3/7, c 2/7, a 1/7, d 1/7.
        Assert.Equal(3.0 / 7, model.Probability([A], B), Tolerance);
        Assert.Equal(2.0 / 7, model.Probability([A], C), Tolerance);
        Assert.Equal(1.0 / 7, model.Probability([A], A), Tolerance);
        Assert.Equal(1.0 / 7, model.Probability([A], D), Tolerance);
        // After b (c = 2): a (1+1)/6, c (0+1)/6.
        Assert.Equal(2.0 / 6, model.Probability([B], A), Tolerance);
        Assert.Equal(1.0 / 6, model.Probability([B], C), Tolerance);
        // Unseen context d: uniform 1/4.
        Assert.Equal(0.25, model.Probability([D], A), Tolerance);
    }

    [Fact]
    public void AddHalfAndAChosenNormalizer()
    {
        var half = new AddDeltaModel(Bigrams(), delta: 0.5);
        Assert.Equal(2.5 / 5, half.Probability([A], B), Tolerance); // (2 + 0.5) / (3 + 0.5·4)
        Assert.Equal(0.5 / 5, half.Probability([A], D), Tolerance);
        Assert.True(half.IsNormalized);

        var wide = new AddDeltaModel(Bigrams(), delta: 1, normalizerSize: 10);
        Assert.Equal(3.0 / 13, wide.Probability([A], B), Tolerance); // (2 + 1) / (3 + 10)
        Assert.False(wide.IsNormalized);
        Assert.Equal(7.0 / 13, Sum(wide, [A]), Tolerance); // Σ_w (c(a w) + 1) = 3 + 4, over 13
    }

    [Fact]
    public void RefusesANonPositiveDelta()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AddDeltaModel(Bigrams(), delta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AddDeltaModel(Bigrams(), delta: double.NaN));
    }
}
