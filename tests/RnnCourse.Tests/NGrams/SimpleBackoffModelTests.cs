using RnnCourse.NGrams;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class SimpleBackoffModelTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void UsesTheLongestSeenContextThenTheAddOneUnigram()
    {
        var model = new SimpleBackoffModel(Bigrams());
        // Seen bigrams: relative frequency. a b: 2/3, a c: 1/3.
        Assert.Equal(2.0 / 3, model.Probability([A], B), Tolerance);
        Assert.Equal(1.0 / 3, model.Probability([A], C), Tolerance);
        // Unseen a a, a d: add-one unigram (c(w) + 1) / (N + V) = (3+1)/11 and (0+1)/11.
        Assert.Equal(4.0 / 11, model.Probability([A], A), Tolerance);
        Assert.Equal(1.0 / 11, model.Probability([A], D), Tolerance);
    }

    [Fact]
    public void IsNotADistribution()
    {
        var model = new SimpleBackoffModel(Bigrams());
        Assert.False(model.IsNormalized);
        // After a: 2/3 + 1/3 from the seen bigrams, plus 4/11 + 1/11 backed off = 16/11.
        Assert.Equal(16.0 / 11, Sum(model, [A]), Tolerance);
        Assert.True(Sum(model, [A]) > 1.0);
    }

    [Fact]
    public void BacksOffThroughEveryOrder()
    {
        // Trigrams of "a b a c a b b": aba, bac, aca, cab, abb. The context "a b" is followed by a and b.
        var model = new SimpleBackoffModel(NGramCounts.FromStream(Tokens, 3, V));
        Assert.Equal(1.0 / 2, model.Probability([A, B], A), Tolerance);  // c(a b a) / c(a b) = 1/2
        Assert.Equal(1.0 / 2, model.Probability([B, B], A), Tolerance);  // no "b b a": c(b a) / c(b) = 1/2
        Assert.Equal(1.0 / 3, model.Probability([C, A], C), Tolerance);  // no "c a c": c(a c) / c(a) = 1/3
        Assert.Equal(1.0 / 11, model.Probability([B, B], D), Tolerance); // nothing: (0 + 1) / (7 + 4)
    }
}
