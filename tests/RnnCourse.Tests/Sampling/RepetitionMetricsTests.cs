using RnnCourse.Sampling;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Sampling;

/// <summary>Repeated n-gram rate (seq-rep-n) and distinct-n, on texts whose values can be counted by hand.</summary>
public class RepetitionMetricsTests
{
    [Fact]
    public void ATextWithoutRepeatsHasRateZeroAndDistinctOne()
    {
        int[] text = [5, 6, 7, 8, 9];
        Assert.Equal(0, RepetitionMetrics.RepeatedNGramRate(text, 1));
        Assert.Equal(0, RepetitionMetrics.RepeatedNGramRate(text, 3));
        Assert.Equal(1, RepetitionMetrics.DistinctN(text, 1));
        Assert.Equal(1, RepetitionMetrics.DistinctN(text, 2));
    }

    [Fact]
    public void ALoopRepeatsAlmostEveryNGram()
    {
        // "a b c a b c a b c": 7 trigrams, 3 distinct (abc, bca, cab), so 4 repeat an earlier one.
        int[] loop = [1, 2, 3, 1, 2, 3, 1, 2, 3];
        Assert.Equal(4.0 / 7, RepetitionMetrics.RepeatedNGramRate(loop, 3), 12);
        Assert.Equal(3.0 / 7, RepetitionMetrics.DistinctN(loop, 3), 12);
        Assert.Equal(6.0 / 9, RepetitionMetrics.RepeatedNGramRate(loop, 1), 12);
        // A longer loop tends to rate 1.
        int[] longLoop = Enumerable.Range(0, 300).Select(i => i % 3).ToArray();
        Assert.True(RepetitionMetrics.RepeatedNGramRate(longLoop, 4) > 0.98);
    }

    [Fact]
    public void TheRateIsOneMinusDistinctWithinOneText()
    {
        var g = new Generator(3);
        for (int trial = 0; trial < 20; trial++)
        {
            int[] text = Enumerable.Range(0, 1 + (int)(g.NextDouble() * 60)).Select(_ => (int)(g.NextDouble() * 5)).ToArray();
            for (int n = 1; n <= 4; n++)
            {
                if (text.Length < n) continue;
                Assert.Equal(1 - RepetitionMetrics.DistinctN(text, n), RepetitionMetrics.RepeatedNGramRate(text, n), 12);
                Assert.Equal(BruteForceRate(text, n), RepetitionMetrics.RepeatedNGramRate(text, n), 12);
            }
        }
    }

    [Fact]
    public void PooledRateChecksEachTextAgainstItselfAndWeighsByNGrams()
    {
        int[] a = [1, 2, 1, 2];      // bigrams 12 21 12: one repeat of 3
        int[] b = [1, 2, 3, 4, 5];   // bigrams 12 23 34 45: none repeat within b, though 12 occurs in a
        Assert.Equal(1.0 / 7, RepetitionMetrics.RepeatedNGramRate([a, b], 2), 12);
        // distinct-n pools across texts: {12, 21, 23, 34, 45} = 5 of 7 bigrams.
        Assert.Equal(5.0 / 7, RepetitionMetrics.DistinctN([a, b], 2), 12);
        // n-grams do not span texts: [1] and [2] make no bigram.
        Assert.Equal(0, RepetitionMetrics.DistinctN([[1], [2]], 2));
    }

    [Fact]
    public void TextsShorterThanNGiveZeroAndABadOrderIsRefused()
    {
        Assert.Equal(0, RepetitionMetrics.NGramCount([1, 2], 3));
        Assert.Equal(0, RepetitionMetrics.RepeatedNGramRate([1, 2], 3));
        Assert.Equal(0, RepetitionMetrics.DistinctN(Array.Empty<IReadOnlyList<int>>(), 2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RepetitionMetrics.DistinctN([1, 2, 3], 0));
        Assert.Contains("at least 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RepetitionMetrics.RepeatedNGramRate([1, 2, 3], -1));
    }

    [Fact]
    public void NGramsAreComparedByValueNotByHash()
    {
        // Many distinct 2-grams over a wide id range: every one is distinct, whatever their hash codes.
        int[] text = Enumerable.Range(0, 5000).Select(i => i * 7919 % 100_003).ToArray();
        Assert.Equal(1, RepetitionMetrics.DistinctN(text, 2), 12);
        Assert.Equal(0, RepetitionMetrics.RepeatedNGramRate(text, 2));
    }

    private static double BruteForceRate(int[] text, int n)
    {
        int total = text.Length - n + 1, repeated = 0;
        for (int i = 0; i < total; i++)
        {
            bool earlier = false;
            for (int j = 0; j < i && !earlier; j++)
                earlier = text.AsSpan(i, n).SequenceEqual(text.AsSpan(j, n));
            if (earlier) repeated++;
        }
        return (double)repeated / total;
    }
}
