using RnnCourse.NGrams;
using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Per-token losses of neural and n-gram models, and the cross-entropy of their mixture.</summary>
public class TokenLossesTests
{
    private static readonly int[] Stream = Enumerable.Range(0, 300).Select(i => 4 + (i * 7 + i / 5) % 9).ToArray();   // ids 4..12

    private static RecurrentLanguageModel Model(RecurrentKind kind = RecurrentKind.Elman) =>
        new(new LanguageModelConfig(kind, 13, EmbeddingSize: 5, HiddenSize: 7, NumLayers: 2, Dropout: 0.3f), new Generator(8));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(4, 7)]
    public void TheMeanOfAModelsTokenLossesIsItsEvaluationLoss(int batch, int steps)
    {
        RecurrentLanguageModel model = Model(RecurrentKind.Lstm);
        var data = new TokenStreamBatches(Stream, batch, steps, keepPartialWindow: true);
        double[] losses = TokenLosses.Of(model, data);
        EvaluationResult evaluation = Evaluation.Evaluate(model, data);
        Assert.Equal(evaluation.TokenCount, losses.Length);
        Assert.Equal(evaluation.Loss, TokenLosses.Mean(losses), 6);
        Assert.True(model.Training); // the mode is restored
    }

    [Fact]
    public void OneTrackGivesTheLossOfEveryTokenButTheFirstInTextOrder()
    {
        RecurrentLanguageModel model = Model();
        double[] losses = TokenLosses.Of(model, new TokenStreamBatches(Stream, 1, 16, keepPartialWindow: true));
        Assert.Equal(Stream.Length - 1, losses.Length);
        // Token t's loss from one forward pass over the whole prefix, without windows.
        model.Eval();
        using var _ = Torch.NoGrad();
        foreach (int t in new[] { 1, 15, 16, 17, 200, Stream.Length - 1 })
        {
            var (logits, _) = model.Forward(Stream[..t], 1, t);                                    // (1, t, V)
            Tensor last = logits.Reshape(t, 13).Select(0, t - 1).Reshape(1, 13);                   // (1, V)
            double expected = Functional.CrossEntropy(last, [Stream[t]]).Item();
            Assert.Equal(expected, losses[t - 1], 4);
        }
    }

    [Fact]
    public void OfSentencesGivesEachSentencesLossesInOrderAsOnePassOverItAlone()
    {
        RecurrentLanguageModel model = Model(RecurrentKind.Lstm);
        var sentences = new IReadOnlyList<int>[] { [4, 5, 6], [7], [8, 9, 10, 11, 12], [5, 5] };
        double[][] losses = TokenLosses.OfSentences(model, sentences, batchSize: 3);   // two batches, padded
        Assert.Equal(sentences.Select(s => s.Count + 1), losses.Select(l => l.Length));
        model.Eval();
        using (Torch.NoGrad())
            for (int s = 0; s < sentences.Length; s++)
            {
                LanguageModelBatch alone = SentenceBatches.Collate([sentences[s]]);                   // <s> x₁..xₙ → x₁..xₙ </s>, no padding
                var (logits, _) = model.Forward(alone.Inputs, 1, alone.Steps);                        // (1, T, V)
                float[] expected = Functional.CrossEntropy(logits.Reshape(-1, 13), alone.Targets, reduction: Reduction.None).Data;
                Assert.Equal(expected.Length, losses[s].Length);
                for (int t = 0; t < expected.Length; t++) Assert.Equal(expected[t], losses[s][t], 5);
            }
        Assert.Equal(Evaluation.Evaluate(model, SentenceBatches.Loader(sentences, 3)).Loss, TokenLosses.Mean([.. losses.SelectMany(l => l)]), 6);
    }

    [Fact]
    public void OfSentencesOfACountModelScoresAsPerplexityDoes()
    {
        var sentences = new IReadOnlyList<int>[] { [4, 5, 6], [7], [8, 9, 10, 11, 12], [5, 5] };
        var model = new KneserNeyModel(NGramCounts.FromSentences(sentences, 3, 13));
        double[][] losses = TokenLosses.OfSentences(model, sentences);
        Assert.Equal(sentences.Select(s => s.Count + 1), losses.Select(l => l.Length));
        Assert.Equal(Perplexity.EvaluateSentences(model, sentences).CrossEntropy, TokenLosses.Mean([.. losses.SelectMany(l => l)]), 12);
        // The first letter of [7] is predicted from two <s> pads: −ln P(7 | <s> <s>).
        Assert.Equal(-model.LogProbability([Vocabulary.StartId, Vocabulary.StartId], 7), losses[1][0], 12);
    }

    [Fact]
    public void PaddedTargetsAreSkipped()
    {
        RecurrentLanguageModel model = Model(RecurrentKind.Gru);
        var sentences = new IReadOnlyList<int>[] { [4, 5, 6], [7], [8, 9, 10, 11, 12], [5, 5] };
        var loader = SentenceBatches.Loader(sentences, batchSize: 3);
        double[] losses = TokenLosses.Of(model, loader);
        Assert.Equal(sentences.Sum(s => s.Count + 1), losses.Length);
        Assert.Equal(Evaluation.Evaluate(model, loader).Loss, TokenLosses.Mean(losses), 6);
        Assert.Equal((3 + 1) + (1 + 1) + (5 + 1), TokenLosses.Of(model, loader, maxBatches: 1).Length);   // the first batch: 3 sentences
    }

    [Fact]
    public void NGramLossesUsePerplexitysContexts()
    {
        var counts = NGramCounts.FromStream(Stream[..200], order: 3, vocabularySize: 13);
        var kneserNey = new KneserNeyModel(counts);
        int[] held = Stream[200..];
        double[] all = TokenLosses.Of(kneserNey, held);
        Assert.Equal(held.Length, all.Length);
        Assert.Equal(Perplexity.Evaluate(kneserNey, held).CrossEntropy, TokenLosses.Mean(all), 12);
        double[] fromOne = TokenLosses.Of(kneserNey, held, from: 1);
        Assert.Equal(all[1..], fromOne);
        Assert.Equal(-Math.Log(kneserNey.Probability(held.AsSpan(3, 2), held[5])), all[5], 12);
        Assert.Equal(-Math.Log(kneserNey.Probability(held.AsSpan(0, 1), held[1])), all[1], 12);   // a shorter context at the start
    }

    [Fact]
    public void AnUnseenTokenUnderMaximumLikelihoodCostsInfinity()
    {
        var mle = new MaximumLikelihoodModel(NGramCounts.FromStream([4, 5, 4, 5], order: 2, vocabularySize: 13));
        double[] losses = TokenLosses.Of(mle, [4, 5, 6]);
        Assert.True(double.IsPositiveInfinity(losses[2]));
        Assert.Throws<ArgumentException>(() => TokenLosses.Of(mle, [4, 20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenLosses.Of(mle, [4, 5], from: 2));
    }

    [Fact]
    public void TheMixtureIsBetweenItsEndsAndBelowTheMixOfTheirLosses()
    {
        var g = new Generator(5);
        double[] a = Enumerable.Range(0, 50).Select(_ => 5 * g.NextDouble()).ToArray();
        double[] b = Enumerable.Range(0, 50).Select(_ => 5 * g.NextDouble()).ToArray();
        Assert.Equal(TokenLosses.Mean(a), TokenLosses.Interpolated(a, b, 1), 12);
        Assert.Equal(TokenLosses.Mean(b), TokenLosses.Interpolated(a, b, 0), 12);
        foreach (double lambda in new[] { 0.1, 0.5, 0.9 })
        {
            double mixed = TokenLosses.Interpolated(a, b, lambda);
            // −ln is convex: the mixture's loss is at most the same mix of the two losses (Jensen), token by token.
            Assert.True(mixed <= lambda * TokenLosses.Mean(a) + (1 - lambda) * TokenLosses.Mean(b) + 1e-12);
            double byHand = a.Zip(b).Average(p => -Math.Log(lambda * Math.Exp(-p.First) + (1 - lambda) * Math.Exp(-p.Second)));
            Assert.Equal(byHand, mixed, 12);
        }
        // Large losses do not underflow to ∞.
        Assert.Equal(1000 - Math.Log(0.5), TokenLosses.Interpolated([1000.0], [1000.0 + 800], 0.5), 9);
        Assert.True(double.IsPositiveInfinity(TokenLosses.Interpolated([double.PositiveInfinity], [double.PositiveInfinity], 0.5)));
        Assert.Throws<ArgumentException>(() => TokenLosses.Interpolated([1.0], [1.0, 2.0], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenLosses.Interpolated([1.0], [1.0], 1.5));
    }
}
