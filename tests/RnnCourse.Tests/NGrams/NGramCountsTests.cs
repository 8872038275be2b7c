using RnnCourse.NGrams;
using RnnCourse.Text;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class NGramCountsTests
{
    [Fact]
    public void CountsEveryOrderOfTheTinyStream()
    {
        var counts = Bigrams();
        Assert.Equal(7, counts.TotalTokens);
        Assert.Equal(3, counts.Count([A]));
        Assert.Equal(3, counts.Count([B]));
        Assert.Equal(1, counts.Count([C]));
        Assert.Equal(0, counts.Count([D]));
        Assert.Equal(2, counts.Count([A, B]));
        Assert.Equal(1, counts.Count([B, B]));
        Assert.Equal(0, counts.Count([A, A]));
        Assert.Equal(7, counts.Count([]));
    }

    [Fact]
    public void ContextCountIsTheSumOfFollowersNotTheUnigramCount()
    {
        var counts = Bigrams();
        Assert.Equal(3, counts.ContextCount([A]));
        Assert.Equal(2, counts.ContextCount([B])); // c(b) = 3 as a unigram, but the last b is followed by nothing
        Assert.Equal(1, counts.ContextCount([C]));
        Assert.Equal(0, counts.ContextCount([D]));
        Assert.Equal(7, counts.ContextCount([]));
        Assert.Equal(2, counts.DistinctFollowers([A]));
        Assert.Equal(3, counts.DistinctFollowers([]));
    }

    [Fact]
    public void ContinuationCountsCountDistinctLeftNeighbours()
    {
        var counts = Bigrams();
        Assert.Equal(2, counts.ContinuationCount([A]));
        Assert.Equal(2, counts.ContinuationCount([B]));
        Assert.Equal(1, counts.ContinuationCount([C]));
        Assert.Equal(0, counts.ContinuationCount([D]));
        Assert.Equal(0, counts.ContinuationCount([A, B])); // no trigrams counted
    }

    [Fact]
    public void CountsOfCountsAndDistinctNGrams()
    {
        var counts = Bigrams();
        Assert.Equal(4, counts.CountOfCounts(2, 1));  // ba, ac, ca, bb
        Assert.Equal(1, counts.CountOfCounts(2, 2));  // ab
        Assert.Equal(1, counts.CountOfCounts(1, 1));  // c
        Assert.Equal(2, counts.CountOfCounts(1, 3));  // a, b
        Assert.Equal(5, counts.DistinctNGrams(2));
        Assert.Equal(3, counts.DistinctNGrams(1));
        Assert.Equal(1, counts.ContinuationCountOfCounts(1, 1)); // c
        Assert.Equal(2, counts.ContinuationCountOfCounts(1, 2)); // a, b
        Assert.Equal(0, counts.CountOfCounts(1, 100));
    }

    [Fact]
    public void ListsTheNGramsOfAnOrder()
    {
        var bigrams = Bigrams().NGramsOfOrder(2).ToDictionary(pair => string.Join(",", pair.Tokens), pair => pair.Count);
        Assert.Equal(new Dictionary<string, long> { ["0,1"] = 2, ["1,0"] = 1, ["0,2"] = 1, ["2,0"] = 1, ["1,1"] = 1 }, bigrams);
    }

    [Fact]
    public void MatchesABruteForceCountOnRandomStreams()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int order = random.Next(1, 6), vocabularySize = random.Next(2, 8);
            int[] tokens = Enumerable.Range(0, random.Next(0, 200)).Select(_ => random.Next(vocabularySize)).ToArray();
            var counts = NGramCounts.FromStream(tokens, order, vocabularySize);
            var expected = new Dictionary<string, long>();
            for (int i = 0; i < tokens.Length; i++)
                for (int k = 1; k <= Math.Min(order, i + 1); k++)
                {
                    string key = string.Join(",", tokens[(i - k + 1)..(i + 1)]);
                    expected[key] = expected.GetValueOrDefault(key) + 1;
                }
            var actual = Enumerable.Range(1, order).SelectMany(counts.NGramsOfOrder)
                                   .ToDictionary(pair => string.Join(",", pair.Tokens), pair => pair.Count);
            Assert.Equal(expected, actual);
            Assert.Equal(tokens.Length, counts.TotalTokens);
        }
    }

    [Fact]
    public void SentencesArePaddedWithStartsThatAreNeverCounted()
    {
        const int the = 4, cat = 5, sat = 6;
        var counts = NGramCounts.FromSentences([[the, cat], [the, cat, sat]], order: 3, vocabularySize: 7);
        int s = Vocabulary.StartId, end = Vocabulary.EndId;
        Assert.Equal(7, counts.TotalTokens); // the, cat, </s>, the, cat, sat, </s>
        Assert.Equal(2, counts.Count([s, s, the]));
        Assert.Equal(2, counts.Count([s, the, cat]));
        Assert.Equal(1, counts.Count([cat, sat, end]));
        Assert.Equal(2, counts.Count([end]));
        Assert.Equal(0, counts.Count([s]));        // <s> is context only
        Assert.Equal(0, counts.Count([s, s]));
        Assert.Equal(2, counts.ContextCount([s, s]));
        Assert.Equal(2, counts.ContextCount([s]));  // <s> followed by "the" twice, as a bigram
    }

    [Fact]
    public void RefusesIdsOutsideTheVocabularyAndAddingAfterFreezing()
    {
        var counts = new NGramCounts(2, 3);
        var error = Assert.Throws<ArgumentException>(() => counts.AddStream([0, 3]));
        Assert.Contains("Token id 3 at position 1", error.Message);
        counts.AddStream([0, 1, 2]);
        _ = new KneserNeyModel(counts);
        Assert.Throws<InvalidOperationException>(() => counts.AddStream([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NGramCounts(0, 3));
    }

    [Fact]
    public void SeparateStreamsDoNotMakeNGramsAcrossTheirBoundary()
    {
        var counts = new NGramCounts(2, 4);
        counts.AddStream([A, B]);
        counts.AddStream([C, D]);
        Assert.Equal(0, counts.Count([B, C]));
        Assert.Equal(1, counts.Count([C, D]));
    }
}
