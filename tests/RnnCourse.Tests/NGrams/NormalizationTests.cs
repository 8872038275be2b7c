using RnnCourse.NGrams;
using RnnCourse.Text;

namespace RnnCourse.Tests.NGrams;

/// <summary>Every model that claims to be a distribution sums to 1 over the vocabulary, for seen and unseen random contexts.</summary>
public class NormalizationTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> NormalizedModels => ["add-one", "add-0.1", "katz-absolute", "katz-good-turing", "kneser-ney", "kneser-ney-fixed"];

    private static ILanguageModel Make(string name, NGramCounts counts) => name switch
    {
        "add-one" => new AddDeltaModel(counts),
        "add-0.1" => new AddDeltaModel(counts, delta: 0.1),
        "katz-absolute" => new KatzBackoffModel(counts, KatzDiscount.Absolute(0.3)),
        "katz-good-turing" => new KatzBackoffModel(counts, KatzDiscount.GoodTuring()),
        "kneser-ney" => new KneserNeyModel(counts),
        "kneser-ney-fixed" => new KneserNeyModel(counts, Enumerable.Repeat(new KneserNeyDiscount(0.6, 1.2, 1.7), counts.Order).ToArray()),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(NormalizedModels))]
    public void SumsToOneForRandomStreamsAndContexts(string name)
    {
        var random = new Random(12345);
        for (int trial = 0; trial < 40; trial++)
        {
            int order = random.Next(1, 5), vocabularySize = random.Next(2, 12);
            // Skewed draws: some ids frequent, some rare, some never seen.
            int[] stream = Enumerable.Range(0, random.Next(1, 300))
                                     .Select(_ => (int)(vocabularySize * Math.Pow(random.NextDouble(), 2.5))).ToArray();
            var model = Make(name, NGramCounts.FromStream(stream, order, vocabularySize));
            Assert.True(model.IsNormalized);
            for (int c = 0; c < 15; c++)
            {
                int[] context = c % 2 == 0 && stream.Length >= order
                    ? stream.AsSpan(random.Next(stream.Length - order + 1), order - 1).ToArray() // seen
                    : Enumerable.Range(0, random.Next(order + 1)).Select(_ => random.Next(vocabularySize)).ToArray(); // mostly unseen
                Assert.Equal(1.0, TinyCorpus.Sum(model, context), Tolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(NormalizedModels))]
    public void SumsToOneForSentenceCounts(string name)
    {
        var random = new Random(99);
        for (int trial = 0; trial < 20; trial++)
        {
            int order = random.Next(1, 5), vocabularySize = Vocabulary.SpecialCount + random.Next(1, 8);
            var sentences = Enumerable.Range(0, random.Next(1, 20))
                .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, random.Next(0, 8))
                    .Select(_ => Vocabulary.SpecialCount + random.Next(vocabularySize - Vocabulary.SpecialCount)).ToArray())
                .ToList();
            var model = Make(name, NGramCounts.FromSentences(sentences, order, vocabularySize));
            int[] start = SentenceFraming.Frame([], order)[..^1];
            Assert.Equal(1.0, TinyCorpus.Sum(model, start), Tolerance);
            for (int c = 0; c < 10; c++)
            {
                int[] context = Enumerable.Range(0, order - 1).Select(_ => random.Next(vocabularySize)).ToArray();
                Assert.Equal(1.0, TinyCorpus.Sum(model, context), Tolerance);
            }
        }
    }

    /// <summary>
    /// Katz reserves mass in every context that has a token left to back off to (Good-Turing included, through
    /// its absolute reserve), so no token gets probability 0 after any context, seen or not.
    /// </summary>
    [Theory]
    [InlineData("katz-absolute")]
    [InlineData("katz-good-turing")]
    public void KatzGivesEveryTokenAPositiveProbability(string name)
    {
        var random = new Random(2024);
        for (int trial = 0; trial < 40; trial++)
        {
            int order = random.Next(1, 5), vocabularySize = random.Next(2, 12);
            int[] stream = Enumerable.Range(0, random.Next(1, 300))
                                     .Select(_ => (int)(vocabularySize * Math.Pow(random.NextDouble(), 2.5))).ToArray();
            var model = Make(name, NGramCounts.FromStream(stream, order, vocabularySize));
            var p = new double[vocabularySize];
            for (int start = 0; start + order - 1 <= stream.Length; start += 3)
            {
                model.Distribution(stream.AsSpan(start, order - 1), p);
                Assert.All(p, v => Assert.True(v > 0, $"{name}, trial {trial}: a token has probability {v}"));
            }
            model.Distribution(Enumerable.Repeat(vocabularySize - 1, order - 1).ToArray(), p);
            Assert.All(p, v => Assert.True(v > 0));
        }
    }

    [Fact]
    public void MaximumLikelihoodSumsToOneOnlyForSeenContexts()
    {
        var random = new Random(5);
        int[] stream = Enumerable.Range(0, 200).Select(_ => random.Next(6)).ToArray();
        var model = new MaximumLikelihoodModel(NGramCounts.FromStream(stream, 3, 6));
        for (int i = 0; i + 3 < stream.Length; i += 7)
            Assert.Equal(1.0, TinyCorpus.Sum(model, stream.AsSpan(i, 2)), Tolerance);
    }

    [Fact]
    public void TheTextbookBackoffOverflowsOnRandomCorpora()
    {
        var random = new Random(6);
        int[] stream = Enumerable.Range(0, 200).Select(_ => random.Next(8)).ToArray();
        var model = new SimpleBackoffModel(NGramCounts.FromStream(stream, 3, 8));
        Assert.False(model.IsNormalized);
        Assert.True(TinyCorpus.Sum(model, stream.AsSpan(10, 2)) > 1.0 + 1e-3);
    }
}
