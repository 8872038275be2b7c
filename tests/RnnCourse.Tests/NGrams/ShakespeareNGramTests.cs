using RnnCourse.Data;
using RnnCourse.NGrams;
using RnnCourse.Tests.Data;
using RnnCourse.Tests.Support;
using RnnCourse.Text;
using Xunit.Abstractions;

namespace RnnCourse.Tests.NGrams;

/// <summary>The models on real text: tiny Shakespeare from RNN_COURSE_DATA ("skipped: corpus not found" without it).</summary>
public sealed class ShakespeareNGramTests(ITestOutputHelper output) : IDisposable
{
    private readonly LocalCorpora _corpora = new(output);

    public void Dispose() => _corpora.Dispose();

    private TextCorpus? Shakespeare()
        => _corpora.Resolver(CorpusFile.TinyShakespeare) is { } resolver ? Corpus.TinyShakespeare(resolver: resolver) : null;

    [SkippableFact]
    public void CharacterModelsAreDistributionsAndKneserNeyWins()
    {
        if (Shakespeare() is not { } corpus) return;
        var tokenizer = CharTokenizer.Train(corpus.Train);
        Assert.Equal(65 + Vocabulary.SpecialCount, tokenizer.VocabularySize);
        int[] train = [.. tokenizer.EncodeToIds(corpus.Train)], validation = [.. tokenizer.EncodeToIds(corpus.Validation)];
        var counts = NGramCounts.FromStream(train, 5, tokenizer.VocabularySize);
        Assert.Equal(train.Length, counts.TotalTokens);

        var kneserNey = new KneserNeyModel(counts);
        var katz = new KatzBackoffModel(counts, KatzDiscount.GoodTuring());
        var addOne = new AddDeltaModel(counts);
        var random = new Random(1);
        for (int i = 0; i < 20; i++)
        {
            int start = random.Next(validation.Length - 4);
            int[] context = validation[start..(start + 4)];
            Assert.Equal(1.0, TinyCorpus.Sum(kneserNey, context), 1e-9);
            Assert.Equal(1.0, TinyCorpus.Sum(katz, context), 1e-9);
        }
        double kn = Perplexity.Evaluate(kneserNey, validation, LogBase.Bits).Perplexity;
        double add = Perplexity.Evaluate(addOne, validation, LogBase.Bits).Perplexity;
        output.WriteLine($"5-gram characters, validation perplexity: Kneser-Ney {kn:F3}, add-one {add:F3}");
        Assert.InRange(kn, 3.0, 7.0);
        Assert.True(kn < add);
    }

    [SkippableFact]
    public void WordModelsHandleUnknownWords()
    {
        if (Shakespeare() is not { } corpus) return;
        var tokenizer = WordTokenizer.Train(corpus.Train, minCount: 2);
        int[] train = [.. tokenizer.EncodeToIds(corpus.Train)], validation = [.. tokenizer.EncodeToIds(corpus.Validation)];
        Assert.Contains(Vocabulary.UnknownId, validation);
        var counts = NGramCounts.FromStream(train, 3, tokenizer.VocabularySize);
        var result = Perplexity.Evaluate(new KneserNeyModel(counts), validation, LogBase.Nats);
        output.WriteLine($"3-gram words: {result}");
        Assert.Equal(0, result.ZeroProbabilityCount);
        Assert.InRange(result.Perplexity, 50, 1000);
    }

    [SkippableFact]
    public void BpeRoundTripsTheWholePlay()
    {
        if (Shakespeare() is not { } corpus) return;
        var tokenizer = BpeTokenizer.Train(corpus.Train, vocabularySize: 512);
        var ids = tokenizer.EncodeToIds(corpus.Text);
        Assert.Equal(corpus.Text, tokenizer.Decode(ids));
        output.WriteLine($"BPE 512: {ids.Count} tokens for {corpus.Text.Length} characters");
        Assert.InRange(ids.Count, corpus.Text.Length / 3, corpus.Text.Length * 6 / 10); // merges compress, but 252 merges cannot do wonders
    }
}
