using RnnCourse.NGrams;
using RnnCourse.Text;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class PerplexityTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void StreamCrossEntropyIsTheMeanNegativeLogProbability()
    {
        var model = new AddDeltaModel(Bigrams());
        // "a b": P(a) from the empty history = (3+1)/(7+4) = 4/11, then P(b|a) = 3/7.
        double nats = -(Math.Log(4.0 / 11) + Math.Log(3.0 / 7)) / 2;
        var result = Perplexity.Evaluate(model, [A, B], LogBase.Nats);
        Assert.Equal(nats, result.CrossEntropy, Tolerance);
        Assert.Equal(Math.Exp(nats), result.Perplexity, Tolerance);
        Assert.Equal(2, result.TokenCount);
        Assert.Equal(LogBase.Nats, result.Base);
    }

    [Fact]
    public void BitsAreNatsOverLnTwoAndPerplexityIsTheSame()
    {
        var model = new KneserNeyModel(Bigrams());
        int[] text = [A, B, B, C, D, A, A];
        var nats = Perplexity.Evaluate(model, text, LogBase.Nats);
        var bits = Perplexity.Evaluate(model, text, LogBase.Bits);
        Assert.Equal(nats.CrossEntropy / Math.Log(2), bits.CrossEntropy, Tolerance);
        Assert.Equal(Math.Pow(2, bits.CrossEntropy), bits.Perplexity, 1e-9);
        Assert.Equal(nats.Perplexity, bits.Perplexity, Tolerance);
    }

    [Fact]
    public void SentencesPredictTheEndButNotTheStart()
    {
        const int the = 4, cat = 5, sat = 6;
        var counts = NGramCounts.FromSentences([[the, cat], [the, cat, sat]], order: 2, vocabularySize: 7);
        var model = new MaximumLikelihoodModel(counts);
        // [the cat]: P(the|<s>) = 1, P(cat|the) = 1, P(</s>|cat) = 1/2: H = ln 2 / 3 nats = 1/3 bit.
        var result = Perplexity.EvaluateSentences(model, [[the, cat]], LogBase.Bits);
        Assert.Equal(3, result.TokenCount);
        Assert.Equal(1.0 / 3, result.CrossEntropy, Tolerance);
        Assert.Equal(Math.Pow(2, 1.0 / 3), result.Perplexity, Tolerance);
    }

    [Fact]
    public void UnknownWordsMapToUnk()
    {
        var vocabulary = Vocabulary.FromTokens(["the", "cat"]);
        var counts = NGramCounts.FromSentences([vocabulary.Encode(["the", "cat"]), vocabulary.Encode(["the", "dog"])], 2, vocabulary.Count);
        var model = new KneserNeyModel(counts);
        var words = Perplexity.EvaluateSentences(model, vocabulary, [["the", "zebra"]], LogBase.Nats);
        var ids = Perplexity.EvaluateSentences(model, [[vocabulary["the"], Vocabulary.UnknownId]], LogBase.Nats);
        Assert.Equal(ids.CrossEntropy, words.CrossEntropy, Tolerance);
        Assert.True(model.Probability([vocabulary["the"]], Vocabulary.UnknownId) > 0.2); // "dog" was counted as <unk>
    }

    [Fact]
    public void AZeroProbabilityMakesThePerplexityInfinite()
    {
        var result = Perplexity.Evaluate(new MaximumLikelihoodModel(Bigrams()), [A, A], LogBase.Bits);
        Assert.Equal(1, result.ZeroProbabilityCount);
        Assert.True(double.IsPositiveInfinity(result.Perplexity));
    }

    [Fact]
    public void RefusesIdsOutsideTheVocabularyAndEmptyText()
    {
        var model = new AddDeltaModel(Bigrams());
        var error = Assert.Throws<ArgumentException>(() => Perplexity.Evaluate(model, [A, 9]));
        Assert.Contains("Token id 9", error.Message);
        Assert.Throws<ArgumentException>(() => Perplexity.Evaluate(model, []));
    }

    [Fact]
    public void SmoothingBeatsNoSmoothingOnHeldOutText()
    {
        var random = new Random(3);
        int[] train = Enumerable.Range(0, 3000).Select(_ => (int)(8 * Math.Pow(random.NextDouble(), 2))).ToArray();
        int[] test = Enumerable.Range(0, 500).Select(_ => (int)(8 * Math.Pow(random.NextDouble(), 2))).ToArray();
        var counts = NGramCounts.FromStream(train, 3, 8);
        double kneserNey = Perplexity.Evaluate(new KneserNeyModel(counts), test).Perplexity;
        double addOne = Perplexity.Evaluate(new AddDeltaModel(counts), test).Perplexity;
        Assert.True(kneserNey < addOne, $"KN {kneserNey} vs add-one {addOne}");
        Assert.True(kneserNey < 8); // better than uniform
    }
}
