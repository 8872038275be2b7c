using RnnCourse.NGrams;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class KneserNeyModelTests
{
    private const double Tolerance = 1e-12;

    // Discounts D1 = 0.5, D2 = 0.75, D3+ = 0.9 at both orders, on the tiny corpus.
    // Unigram level (continuation counts): a 2, b 2, c 1, d 0; total 5; N1 = 1, N2 = 2.
    //   γ(root) = (0.5·1 + 0.75·2) / 5 = 0.4, so 0.4 · 1/4 = 0.1 of uniform.
    //   P(a) = (2 − 0.75)/5 + 0.1 = 0.35, P(b) = 0.35, P(c) = (1 − 0.5)/5 + 0.1 = 0.2, P(d) = 0.1.
    // Bigram level after a (raw counts b 2, c 1; c(a) = 3; N1 = 1, N2 = 1): γ(a) = (0.5 + 0.75)/3.
    //   P(b|a) = (1.25 + 1.25·0.35)/3 = 0.5625, P(c|a) = (0.5 + 1.25·0.2)/3 = 0.25,
    //   P(a|a) = 1.25·0.35/3 = 0.4375/3, P(d|a) = 1.25·0.1/3 = 0.125/3.
    // After b (a 1, b 1; c(b) = 2; N1 = 2): γ(b) = 2·0.5/2 = 0.5.
    //   P(a|b) = 0.5/2 + 0.5·0.35 = 0.425, P(b|b) = 0.425, P(c|b) = 0.1, P(d|b) = 0.05.
    private static KneserNeyModel TinyModel() =>
        new(Bigrams(), [new KneserNeyDiscount(0.5, 0.75, 0.9), new KneserNeyDiscount(0.5, 0.75, 0.9)]);

    [Fact]
    public void InterpolatesWithContinuationCountsOnTheTinyCorpus()
    {
        var model = TinyModel();
        Assert.Equal(0.5625, model.Probability([A], B), Tolerance);
        Assert.Equal(0.25, model.Probability([A], C), Tolerance);
        Assert.Equal(0.4375 / 3, model.Probability([A], A), Tolerance);
        Assert.Equal(0.125 / 3, model.Probability([A], D), Tolerance);
        Assert.Equal(0.425, model.Probability([B], A), Tolerance);
        Assert.Equal(0.425, model.Probability([B], B), Tolerance);
        Assert.Equal(0.1, model.Probability([B], C), Tolerance);
        Assert.Equal(0.05, model.Probability([B], D), Tolerance);
        // Unseen context d and the empty history: the lower-order distribution itself.
        Assert.Equal(0.35, model.Probability([D], A), Tolerance);
        Assert.Equal(0.2, model.Probability([], C), Tolerance);
        Assert.Equal(0.1, model.Probability([D], D), Tolerance);
    }

    [Fact]
    public void SumsToOneOverTheVocabularyForEveryContext()
    {
        var model = TinyModel();
        Assert.True(model.IsNormalized);
        foreach (int h in new[] { A, B, C, D }) Assert.Equal(1.0, Sum(model, [h]), 1e-12);
        Assert.Equal(1.0, Sum(model, []), 1e-12);
    }

    [Fact]
    public void EstimatesChenGoodmanDiscountsFromCountsOfCounts()
    {
        // n1 = 10, n2 = 5, n3 = 3, n4 = 2: Y = 10/20 = 0.5,
        // D1 = 1 − 2·0.5·5/10 = 0.5, D2 = 2 − 3·0.5·3/5 = 1.1, D3+ = 3 − 4·0.5·2/3 = 5/3.
        var d = KneserNeyDiscount.Estimate(10, 5, 3, 2);
        Assert.Equal(0.5, d.D1, Tolerance);
        Assert.Equal(1.1, d.D2, Tolerance);
        Assert.Equal(5.0 / 3, d.D3Plus, Tolerance);
        // A missing count of counts falls back to Ney's single discount Y for all three.
        var fallback = KneserNeyDiscount.Estimate(4, 1, 0, 0);
        Assert.Equal(4.0 / 6, fallback.D1, Tolerance);
        Assert.Equal(fallback.D1, fallback.D3Plus);
    }

    [Fact]
    public void EstimatesDiscountsPerOrderFromRawAndContinuationCounts()
    {
        // Tiny corpus, top order (raw bigram counts): n1 = 4, n2 = 1, n3 = n4 = 0, so Y = 4/6 for all three.
        // Unigram order (continuation counts): n1 = 1, n2 = 2, so Y = 1/5.
        var discounts = new KneserNeyModel(Bigrams()).Discounts;
        Assert.Equal(1.0 / 5, discounts[0].D1, Tolerance);
        Assert.Equal(4.0 / 6, discounts[1].D2, Tolerance);
    }

    [Fact]
    public void RefusesDiscountsOutsideTheirRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KneserNeyDiscount(1.5, 1, 1));
        Assert.Throws<ArgumentException>(() => new KneserNeyModel(Bigrams(), [new KneserNeyDiscount(0.5, 0.5, 0.5)]));
    }
}
