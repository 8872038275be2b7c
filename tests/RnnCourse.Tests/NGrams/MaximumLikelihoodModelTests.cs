using RnnCourse.NGrams;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class MaximumLikelihoodModelTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void IsTheRelativeFrequencyOfTheTinyCorpus()
    {
        var model = new MaximumLikelihoodModel(Bigrams());
        // P(w | h) = c(h w) / c(h) with c(a) = 3, c(b) = 2, c(c) = 1.
        Assert.Equal(2.0 / 3, model.Probability([A], B), Tolerance);
        Assert.Equal(1.0 / 3, model.Probability([A], C), Tolerance);
        Assert.Equal(0.0, model.Probability([A], A));
        Assert.Equal(0.5, model.Probability([B], A), Tolerance);
        Assert.Equal(0.5, model.Probability([B], B), Tolerance);
        Assert.Equal(1.0, model.Probability([C], A), Tolerance);
        // Only the last n−1 = 1 tokens of a longer history count (Markov assumption).
        Assert.Equal(2.0 / 3, model.Probability([C, B, A], B), Tolerance);
    }

    [Fact]
    public void AnUnseenContextHasNoDistribution()
    {
        var model = new MaximumLikelihoodModel(Bigrams());
        Assert.False(model.IsNormalized);
        Assert.Equal(0.0, Sum(model, [D])); // c(d) = 0: 0/0, returned as 0
        foreach (int h in new[] { A, B, C }) Assert.Equal(1.0, Sum(model, [h]), Tolerance);
    }

    [Fact]
    public void UnigramsAndTheStartOfAStreamUseShorterContexts()
    {
        var unigram = new MaximumLikelihoodModel(NGramCounts.FromStream(Tokens, 1, V));
        Assert.Equal(3.0 / 7, unigram.Probability([B, C], A), Tolerance);
        var bigram = new MaximumLikelihoodModel(Bigrams());
        Assert.Equal(1.0 / 7, bigram.Probability([], C), Tolerance); // empty history: the unigram c(c)/N
    }
}
