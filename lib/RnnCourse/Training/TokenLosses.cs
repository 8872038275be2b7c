using RnnCourse.NGrams;
using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Training;

/// <summary>
/// The loss of every predicted token, −ln p(x_t | x_&lt;t), rather than only their mean: what it takes to compare two
/// models token by token or to mix them. A neural model's losses come in the order its batches predict them (batch by
/// batch, row by row, padding skipped), so their mean is <see cref="Evaluation.Evaluate"/>'s loss; an n-gram model's
/// come in stream order with the contexts of <see cref="Perplexity.Evaluate"/>. Chapter 5.
/// </summary>
public static class TokenLosses
{
    /// <summary>
    /// −ln p of every target of the batches of epoch 0 of <paramref name="data"/> (the first <paramref name="maxBatches"/>
    /// when positive), in eval mode without gradients, the state carried between truncated-BPTT windows as in
    /// <see cref="Evaluation.Evaluate"/>. Padded targets are skipped. With one track (B = 1) the order is the text's.
    /// </summary>
    public static double[] Of(LanguageModel model, IBatchSource<LanguageModelBatch> data, int maxBatches = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        int batches = maxBatches > 0 ? Math.Min(maxBatches, data.BatchesPerEpoch) : data.BatchesPerEpoch;
        if (batches == 0) throw new ArgumentException("TokenLosses.Of: the data has no batches; give it a non-empty text.", nameof(data));
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var _ = Torch.NoGrad();
            var losses = new List<double>();
            RecurrentState? state = null;
            for (int i = 0; i < batches; i++)
            {
                LanguageModelBatch batch = data.GetBatch(0, i);
                (Tensor logits, state) = model.Forward(batch.Inputs, batch.BatchSize, batch.Steps, batch.ContinuesState ? state : null); // (B, T, V)
                float[] perTarget = Functional.CrossEntropy(logits.Reshape(-1, model.VocabSize), batch.Targets,
                    batch.IgnoreIndex, Reduction.None).Data;                                                                             // (B·T)
                for (int k = 0; k < perTarget.Length; k++)
                    if (batch.Targets[k] != batch.IgnoreIndex) losses.Add(perTarget[k]);
            }
            return losses.ToArray();
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>
    /// −ln p of every prediction of every sentence, sentence by sentence: [s][t], t = 0 the first token and the last the
    /// &lt;/s&gt;. The sentences are framed and padded as <see cref="SentenceBatches"/> frames them, <paramref name="batchSize"/>
    /// at a time, in eval mode without gradients; the mean of all the losses is <see cref="Evaluation.Evaluate"/>'s loss.
    /// </summary>
    public static double[][] OfSentences(LanguageModel model, IReadOnlyList<IReadOnlyList<int>> sentences, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        double[] flat = Of(model, SentenceBatches.Loader(sentences, batchSize));   // sentence by sentence: no shuffle, padding skipped
        var losses = new double[sentences.Count][];
        int at = 0;
        for (int s = 0; s < sentences.Count; s++) at += (losses[s] = flat[at..(at + sentences[s].Count + 1)]).Length;
        return losses;
    }

    /// <summary>
    /// The same for an n-gram model: each token and the &lt;/s&gt; predicted from the n − 1 tokens before it, with &lt;s&gt;
    /// pads at the start (<see cref="SentenceFraming"/>), as <see cref="Perplexity.EvaluateSentences(ILanguageModel, IEnumerable{IReadOnlyList{int}}, LogBase)"/> scores them.
    /// </summary>
    public static double[][] OfSentences(ILanguageModel model, IReadOnlyList<IReadOnlyList<int>> sentences)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sentences);
        int pads = SentenceFraming.PadCount(model.Order);
        return sentences.Select(sentence =>
        {
            int[] framed = SentenceFraming.Frame(sentence.ToArray(), model.Order);
            return Enumerable.Range(pads, framed.Length - pads).Select(t => -model.LogProbability(framed.AsSpan(t - pads, pads), framed[t])).ToArray();
        }).ToArray();
    }

    /// <summary>
    /// −ln P(w_t | history) of an n-gram model for t = <paramref name="from"/> .. N − 1 of a token stream, each token
    /// predicted from the (up to n − 1) tokens before it as in <see cref="Perplexity.Evaluate"/>; ∞ where P = 0.
    /// <paramref name="from"/> = 1 scores the tokens a one-track neural evaluation predicts (all but the first).
    /// </summary>
    public static double[] Of(ILanguageModel model, IReadOnlyList<int> tokens, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        if (from < 0 || from >= tokens.Count)
            throw new ArgumentOutOfRangeException(nameof(from), from, $"TokenLosses.Of: the stream has {tokens.Count} tokens; start within 0..{tokens.Count - 1}.");
        int[] ids = tokens as int[] ?? tokens.ToArray();
        foreach (int id in ids)
            if ((uint)id >= (uint)model.VocabularySize)
                throw new ArgumentException($"TokenLosses.Of: token id {id} is outside the model's vocabulary 0..{model.VocabularySize - 1}.", nameof(tokens));
        var losses = new double[ids.Length - from];
        for (int t = from; t < ids.Length; t++)
        {
            double p = model.Probability(ids.AsSpan(Math.Max(0, t - model.Order + 1), Math.Min(t, model.Order - 1)), ids[t]);
            losses[t - from] = p > 0 ? -Math.Log(p) : double.PositiveInfinity;
        }
        return losses;
    }

    /// <summary>The mean of the losses: the cross-entropy H in nats per token (its perplexity is e^H).</summary>
    public static double Mean(IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count == 0) throw new ArgumentException("TokenLosses.Mean: there are no losses to average.", nameof(losses));
        double sum = 0;
        foreach (double l in losses) sum += l;
        return sum / losses.Count;
    }

    /// <summary>
    /// The cross-entropy of the mixture p = λ·p_a + (1 − λ)·p_b of two models scored on the same tokens (linear
    /// interpolation, as Mikolov et al. mixed RNN and Kneser-Ney models): the mean of −ln(λ e^(−a_t) + (1 − λ) e^(−b_t)).
    /// The mixture is a distribution whenever both models are.
    /// </summary>
    public static double Interpolated(IReadOnlyList<double> a, IReadOnlyList<double> b, double lambda)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
            throw new ArgumentException($"TokenLosses.Interpolated: the two models scored {a.Count} and {b.Count} tokens; score the same tokens with both.");
        if (a.Count == 0) throw new ArgumentException("TokenLosses.Interpolated: there are no losses to mix.", nameof(a));
        if (!(lambda >= 0 && lambda <= 1))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The mixing weight λ must lie in [0, 1].");
        double sum = 0;
        for (int t = 0; t < a.Count; t++)
        {
            // −ln(λ e^−a + (1 − λ) e^−b), computed from the smaller loss so that nothing underflows.
            double low = Math.Min(a[t], b[t]);
            if (double.IsPositiveInfinity(low)) return double.PositiveInfinity;   // both gave the token probability 0
            double mixed = lambda * Math.Exp(low - a[t]) + (1 - lambda) * Math.Exp(low - b[t]);
            sum += low - Math.Log(mixed);
        }
        return sum / a.Count;
    }
}
