using RnnCourse.NGrams;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class KatzBackoffModelTests
{
    private const double Tolerance = 1e-12;

    // Absolute discounting D = 0.5 on the tiny corpus.
    // Unigrams: c* = 2.5, 2.5, 0.5 for a, b, c; Σ c*/N = 5.5/7, leftover 1.5/7 spread over V = 4: 3/56 each.
    //   P(a) = 2.5/7 + 3/56 = 23/56, P(b) = 23/56, P(c) = 0.5/7 + 3/56 = 7/56, P(d) = 3/56.
    // Context a (c = 3): P(b|a) = 1.5/3 = 1/2, P(c|a) = 0.5/3 = 1/6; leftover 1/3.
    //   α(a) = (1/3) / (1 − P(b) − P(c)) = (1/3) / (26/56) = 28/39.
    //   P(a|a) = 28/39 · 23/56 = 23/78, P(d|a) = 28/39 · 3/56 = 1/26.
    // Context b (c = 2): P(a|b) = P(b|b) = 0.5/2 = 1/4; leftover 1/2.
    //   α(b) = (1/2) / (1 − 46/56) = 2.8; P(c|b) = 2.8 · 7/56 = 0.35, P(d|b) = 2.8 · 3/56 = 0.15.
    [Fact]
    public void AbsoluteDiscountingOnTheTinyCorpus()
    {
        var model = new KatzBackoffModel(Bigrams(), KatzDiscount.Absolute(0.5));
        Assert.Equal(1.0 / 2, model.Probability([A], B), Tolerance);
        Assert.Equal(1.0 / 6, model.Probability([A], C), Tolerance);
        Assert.Equal(23.0 / 78, model.Probability([A], A), Tolerance);
        Assert.Equal(1.0 / 26, model.Probability([A], D), Tolerance);
        Assert.Equal(28.0 / 39, model.BackoffWeight([A]), Tolerance);

        Assert.Equal(0.25, model.Probability([B], A), Tolerance);
        Assert.Equal(0.25, model.Probability([B], B), Tolerance);
        Assert.Equal(0.35, model.Probability([B], C), Tolerance);
        Assert.Equal(0.15, model.Probability([B], D), Tolerance);
        Assert.Equal(2.8, model.BackoffWeight([B]), Tolerance);

        // Unseen context d: the base unigram.
        Assert.Equal(23.0 / 56, model.Probability([D], A), Tolerance);
        Assert.Equal(3.0 / 56, model.Probability([D], D), Tolerance);
        Assert.Equal(1.0, model.BackoffWeight([D]));
    }

    [Fact]
    public void SumsToOneOverTheVocabularyForEveryContext()
    {
        var model = new KatzBackoffModel(Bigrams(), KatzDiscount.Absolute(0.5));
        Assert.True(model.IsNormalized);
        foreach (int h in new[] { A, B, C, D }) Assert.Equal(1.0, Sum(model, [h]), 1e-12);
    }

    // Good-Turing with k = 2 on a unigram corpus built for it: ids 0..5 once (n1 = 6), 6 and 7 twice
    // (n2 = 2), 8 three times (n3 = 1), 9 never; N = 13, V = 10.
    // tail = (k+1) n3 / n1 = 3/6 = 0.5.
    // c=1: c* = (2 n2/n1 − 1·0.5) / (1 − 0.5) = (2/3 − 1/2) / (1/2) = 1/3.
    // c=2: c* = (3 n3/n2 − 2·0.5) / (1 − 0.5) = (3/2 − 1) / (1/2) = 1.
    // c=3 > k: c* = 3. Σ c*/N = (6/3 + 2·1 + 3)/13 = 7/13; leftover 6/13, /V = 3/65 each.
    // P(once) = (1/3)/13 + 3/65 = 14/195, P(twice) = 1/13 + 3/65 = 8/65, P(thrice) = 3/13 + 3/65 = 18/65, P(never) = 3/65.
    [Fact]
    public void GoodTuringDiscountingOnAUnigramCorpus()
    {
        int[] stream = [0, 1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 8, 8];
        var model = new KatzBackoffModel(NGramCounts.FromStream(stream, 1, 10), KatzDiscount.GoodTuring(maxDiscountedCount: 2));
        Assert.Equal(14.0 / 195, model.Probability([], 0), Tolerance);
        Assert.Equal(8.0 / 65, model.Probability([], 6), Tolerance);
        Assert.Equal(18.0 / 65, model.Probability([], 8), Tolerance);
        Assert.Equal(3.0 / 65, model.Probability([], 9), Tolerance);
        Assert.Equal(1.0, Sum(model, []), 1e-12);
    }

    [Fact]
    public void RefusesADiscountThatWouldEraseASeenNGram()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KatzDiscount.Absolute(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KatzDiscount.Absolute(-0.1));
    }
}
