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
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var _ = Torch.NoGrad();
            double total = 0;
            long count = 0;
            RecurrentState? state = null;
            int vocabulary = model.VocabSize;
            for (int i = 0; i < batches; i++)
            {
                LanguageModelBatch batch = data.GetBatch(0, i);
                RecurrentState? initial = batch.ContinuesState ? state : null;
                (Tensor logits, state) = model.Forward(batch.Inputs, batch.BatchSize, batch.Steps, initial); // (B, T, V)
                Tensor losses = Functional.CrossEntropy(logits.Reshape(-1, vocabulary), batch.Targets,
                    batch.IgnoreIndex, Reduction.None);                                                     // (B·T), 0 at padding
                foreach (float loss in losses.Data) total += loss;
                count += batch.TokenCount;
            }
            double mean = total / count;
            return new EvaluationResult(mean, Math.Exp(mean), count);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
