using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Training;

/// <summary>
/// A language model's loss on held-out data: the mean cross-entropy per predicted token in nats,
/// H = −(1/N) Σ ln p(x_{t+1} | x_{≤t}) over every target that is not padding, and the perplexity e^H.
/// </summary>
/// <param name="Loss">H, nats per token.</param>
/// <param name="Perplexity">e^H: the effective number of equally likely choices per token.</param>
/// <param name="TokenCount">N, the predicted tokens.</param>
public readonly record struct EvaluationResult(double Loss, double Perplexity, long TokenCount)
{
    /// <summary>H in bits per token: H / ln 2.</summary>
    public double BitsPerToken => Loss / Math.Log(2);
}

/// <summary>Evaluation of a <see cref="LanguageModel"/> in eval mode (no dropout) without recording gradients. Chapter 5.</summary>
public static class Evaluation
{
    /// <summary>
    /// The mean loss per token over the batches of epoch 0 of <paramref name="data"/> (all of them, or the first
    /// <paramref name="maxBatches"/> when positive). Losses are summed per token in double and divided by the
    /// total count, so batches with more tokens weigh more, as they should. Truncated-BPTT batches carry the
    /// state from one window to the next, as in training.
    /// </summary>
    public static EvaluationResult Evaluate(LanguageModel model, IBatchSource<LanguageModelBatch> data, int maxBatches = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        int batches = maxBatches > 0 ? Math.Min(maxBatches, data.BatchesPerEpoch) : data.BatchesPerEpoch;
        if (batches == 0) throw new ArgumentException("Evaluate: the data has no batches; give it a non-empty validation set.", nameof(data));
        double[] losses = TokenLosses.Of(model, data, batches); // −ln p of every real target, padding skipped
        double total = 0;
        foreach (double loss in losses) total += loss;
        double mean = total / losses.Length;
        return new EvaluationResult(mean, Math.Exp(mean), losses.Length);
    }
}
