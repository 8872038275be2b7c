using RnnCourse.Data;
using RnnCourse.NGrams;
using RnnCourse.Tests.Data;
using RnnCourse.Tests.Support;
using RnnCourse.Text;
using Xunit.Abstractions;

namespace RnnCourse.Tests.NGrams;

/// <summary>The models on the names corpus from RNN_COURSE_DATA ("skipped: corpus not found" without it), framed as chapter 2 frames them.</summary>
public sealed class NamesNGramTests(ITestOutputHelper output) : IDisposable
{
    private readonly LocalCorpora _corpora = new(output);

    public void Dispose() => _corpora.Dispose();

    private NamesCorpus? Names() => _corpora.Resolver(CorpusFile.Names) is { } resolver ? Corpus.Names(resolver: resolver) : null;

    /// <summary>
    /// Good-Turing (k = 5) leaves no mass in a context whose followers were all seen more than k times or
    /// only with counts it cannot discount: on names its estimate is unusable for most counts of the bigrams
    /// and trigrams (c*/c outside (0, 1]). Such contexts reserve mass with an absolute discount instead, so every
    /// test name has a positive probability and the perplexity is finite (it was infinite for n = 2..5).
    /// </summary>
    [SkippableFact]
    public void KatzWithGoodTuringHasAFinitePerplexityOnTheTestNames()
    {
        if (Names() is not { } names) return;
        var tokenizer = CharTokenizer.Train(string.Concat(names.Train));
        var train = names.Train.Select(tokenizer.EncodeToIds).ToList();
        var test = names.Test.Select(tokenizer.EncodeToIds).ToList();
        int[] start = SentenceFraming.Frame([], 5)[..^1]; // <s> <s> <s> <s>
        var models = new Dictionary<int, KatzBackoffModel>();
        var results = new Dictionary<int, (PerplexityResult Katz, PerplexityResult KneserNey)>();
        for (int n = 2; n <= 5; n++)
        {
            var counts = NGramCounts.FromSentences(train, n, tokenizer.VocabularySize);
            models[n] = new KatzBackoffModel(counts, KatzDiscount.GoodTuring());
            results[n] = (Perplexity.EvaluateSentences(models[n], test), Perplexity.EvaluateSentences(new KneserNeyModel(counts), test));
            output.WriteLine($"n = {n}: Katz Good-Turing {results[n].Katz}; Kneser-Ney perplexity {results[n].KneserNey.Perplexity:F3}");
        }
        for (int n = 2; n <= 5; n++)
        {
            var (katz, kneserNey) = results[n];
            Assert.Equal(0, katz.ZeroProbabilityCount);
            Assert.True(double.IsFinite(katz.Perplexity), $"n = {n}: perplexity {katz.Perplexity}");
            // A proper distribution on the same counts as Kneser-Ney: close to it, not far below.
            Assert.InRange(katz.Perplexity / kneserNey.Perplexity, 0.97, 1.15);
            Assert.Equal(1.0, TinyCorpus.Sum(models[n], start[..(n - 1)]), 1e-9);
            // Unseen contexts: <unk>, and "qq…", never in a name, whose suffix "q" was seen.
            int[] unseen = n == 2 ? [Vocabulary.UnknownId] : [.. Enumerable.Repeat(tokenizer.Vocabulary.Encode(["q"])[0], n - 1)];
            Assert.Equal(0, models[n].Counts.ContextCount(unseen));
            Assert.Equal(1.0, TinyCorpus.Sum(models[n], unseen), 1e-9);
            foreach (var name in test.Take(20))
            {
                int[] framed = SentenceFraming.Frame([.. name], n);
                for (int t = n - 1; t < framed.Length; t++)
                    Assert.Equal(1.0, TinyCorpus.Sum(models[n], framed.AsSpan(t - n + 1, n - 1)), 1e-9);
            }
        }
    }
}
