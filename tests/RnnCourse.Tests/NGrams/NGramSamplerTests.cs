using RnnCourse.NGrams;
using RnnCourse.Text;
using static RnnCourse.Tests.NGrams.TinyCorpus;

namespace RnnCourse.Tests.NGrams;

public class NGramSamplerTests
{
    [Fact]
    public void TheSameSeedGivesTheSameText()
    {
        var model = new KneserNeyModel(Bigrams());
        int[] first = new NGramSampler(model, seed: 1).Generate([A], 50);
        int[] again = new NGramSampler(model, seed: 1).Generate([A], 50);
        int[] other = new NGramSampler(model, seed: 2).Generate([A], 50);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(50, first.Length);
    }

    [Fact]
    public void DrawsInProportionToTheProbabilities()
    {
        var model = new KneserNeyModel(Bigrams(), [new KneserNeyDiscount(0.5, 0.75, 0.9), new KneserNeyDiscount(0.5, 0.75, 0.9)]);
        var sampler = new NGramSampler(model, seed: 42);
        const int draws = 20000;
        var histogram = new int[V];
        for (int i = 0; i < draws; i++) histogram[sampler.Next([A])]++;
        // P(·|a) = 0.4375/3, 0.5625, 0.25, 0.125/3 (KneserNeyModelTests); within 4 standard deviations.
        double[] expected = [0.4375 / 3, 0.5625, 0.25, 0.125 / 3];
        for (int w = 0; w < V; w++)
        {
            double sd = Math.Sqrt(draws * expected[w] * (1 - expected[w]));
            Assert.InRange(histogram[w], draws * expected[w] - 4 * sd, draws * expected[w] + 4 * sd);
        }
    }

    [Fact]
    public void SentencesEndAtTheEndTokenAndNeverDrawPadOrStart()
    {
        var vocabulary = Vocabulary.FromTokens(["a", "b", "c"]);
        var random = new Random(1);
        var sentences = Enumerable.Range(0, 50)
            .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, random.Next(1, 6)).Select(_ => 4 + random.Next(3)).ToArray()).ToList();
        var model = new KneserNeyModel(NGramCounts.FromSentences(sentences, 3, vocabulary.Count));
        var sampler = new NGramSampler(model, seed: 7);
        for (int i = 0; i < 50; i++)
        {
            int[] sentence = sampler.GenerateSentence(maxLength: 30);
            Assert.InRange(sentence.Length, 0, 30);
            Assert.DoesNotContain(Vocabulary.PadId, sentence);
            Assert.DoesNotContain(Vocabulary.StartId, sentence);
            Assert.DoesNotContain(Vocabulary.EndId, sentence);
        }
    }

    [Fact]
    public void SamplesTheTextbookBackoffFromItsNormalisedScores()
    {
        var sampler = new NGramSampler(new SimpleBackoffModel(Bigrams()), seed: 3);
        Assert.All(sampler.Generate([B], 100), token => Assert.InRange(token, 0, V - 1));
    }
}
