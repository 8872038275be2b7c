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

    // Good-Turing with k = 2 where a context is followed only by a count above k, so Good-Turing discounts
    // nothing there. Ids a b c d e q u = 0..6, d never seen; the stream "e q u a q u b q u e q u c":
    // Unigrams: a, b, c once (n1 = 3), e twice (n2 = 1), q and u 4 times (n3 = 0); N = 13, V = 7.
    //   tail = 3 n3/n1 = 0; c*(1) = 2 n2/n1 = 2/3; c*(2) = 3 n3/n2 = 0, not in (0, 2]: kept at 2; c*(4) = 4.
    //   Σ c*/N = (3·2/3 + 2 + 4 + 4)/13 = 12/13; leftover 1/13, /V = 1/91 each.
    //   P(a) = P(b) = P(c) = (2/3)/13 + 1/91 = 17/273, P(e) = 2/13 + 1/91 = 15/91, P(q) = P(u) = 4/13 + 1/91 = 29/91, P(d) = 1/91.
    // Bigrams: q u 4 times, e q twice, u a, a q, u b, b q, u e, u c once: n1 = 6, n2 = 1, n3 = 0.
    //   c*(1) = 2 n2/n1 = 1/3; c*(2) = 0, kept at 2; c*(4) = 4 (above k).
    // Context q (c = 4, only u): Good-Turing leaves P(u|q) = 1 and nothing to back off with, so q is
    //   discounted absolutely with D = n1/(n1 + 2 n2) = 6/8 = 3/4 of the bigrams:
    //   P(u|q) = (4 − 3/4)/4 = 13/16; leftover D·N1+(q •)/c(q) = (3/4)·1/4 = 3/16;
    //   α(q) = (3/16) / (1 − P(u)) = (3/16) / (62/91) = 273/992;
    //   P(a|q) = 273/992 · 17/273 = 17/992, P(e|q) = 45/992, P(q|q) = 87/992, P(d|q) = 3/992.
    // Context u (c = 4: a, b, e, c once each): Good-Turing discounts, as before: P(a|u) = (1/3)/4 = 1/12;
    //   leftover 1 − 4/12 = 2/3; α(u) = (2/3) / (1 − 3·17/273 − 15/91) = (2/3) / (59/91) = 182/177.
    [Fact]
    public void GoodTuringReservesMassInAContextWithOnlyLargeCounts()
    {
        const int a = 0, b = 1, c = 2, d = 3, e = 4, q = 5, u = 6;
        int[] stream = [e, q, u, a, q, u, b, q, u, e, q, u, c];
        var model = new KatzBackoffModel(NGramCounts.FromStream(stream, 2, 7), KatzDiscount.GoodTuring(maxDiscountedCount: 2));
        Assert.Equal(17.0 / 273, model.Probability([], a), Tolerance);
        Assert.Equal(1.0 / 91, model.Probability([], d), Tolerance);

        Assert.Equal(13.0 / 16, model.Probability([q], u), Tolerance);
        Assert.Equal(273.0 / 992, model.BackoffWeight([q]), Tolerance);
        Assert.Equal(17.0 / 992, model.Probability([q], a), Tolerance);
        Assert.Equal(17.0 / 992, model.Probability([q], c), Tolerance);
        Assert.Equal(45.0 / 992, model.Probability([q], e), Tolerance);
        Assert.Equal(87.0 / 992, model.Probability([q], q), Tolerance);
        Assert.Equal(3.0 / 992, model.Probability([q], d), Tolerance);

        Assert.Equal(1.0 / 12, model.Probability([u], a), Tolerance);
        Assert.Equal(182.0 / 177, model.BackoffWeight([u]), Tolerance);
        Assert.Equal(182.0 / 177 * 29 / 91, model.Probability([u], q), Tolerance);

        foreach (int h in new[] { a, b, c, d, e, q, u }) Assert.Equal(1.0, Sum(model, [h]), 1e-12);
    }

    // The same for the empty context: every token seen 2 or 3 times, so n1 = 0 and Good-Turing (k = 1 or 2)
    // is undefined for every c ≤ k and discounts nothing; id 3 never seen, N = 7, V = 4.
    // n1 = 0, n2 = 2 make D = n1/(n1 + 2 n2) = 0, which would reserve nothing: D = 0.5 instead.
    // c* = 1.5, 1.5, 2.5; Σ c*/N = 5.5/7; leftover 1.5/7, /V = 3/56: P(3) = 3/56, P(0) = 1.5/7 + 3/56 = 15/56, P(2) = 23/56.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GoodTuringReservesMassForATokenNeverSeen(int k)
    {
        int[] stream = [0, 0, 1, 1, 2, 2, 2];
        var model = new KatzBackoffModel(NGramCounts.FromStream(stream, 1, 4), KatzDiscount.GoodTuring(maxDiscountedCount: k));
        Assert.Equal(15.0 / 56, model.Probability([], 0), Tolerance);
        Assert.Equal(15.0 / 56, model.Probability([], 1), Tolerance);
        Assert.Equal(23.0 / 56, model.Probability([], 2), Tolerance);
        Assert.Equal(3.0 / 56, model.Probability([], 3), Tolerance);
    }

    [Fact]
    public void GoodTuringLeavesAContextFollowedByEveryTokenUndiscounted()
    {
        // Every token follows 0, each at least 3 times (above k = 2): no token is unseen after 0, so nothing is reserved.
        int[] stream = [0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 0, 2];
        var counts = NGramCounts.FromStream(stream, 2, 3);
        var model = new KatzBackoffModel(counts, KatzDiscount.GoodTuring(maxDiscountedCount: 2));
        for (int w = 0; w < 3; w++) Assert.Equal((double)counts.Count([0, w]) / counts.ContextCount([0]), model.Probability([0], w), Tolerance);
        Assert.Equal(0.0, model.BackoffWeight([0]));
    }

    [Fact]
    public void RefusesADiscountThatWouldEraseASeenNGram()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KatzDiscount.Absolute(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KatzDiscount.Absolute(-0.1));
    }
}
