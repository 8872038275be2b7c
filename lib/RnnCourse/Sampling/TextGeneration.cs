using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Sampling;

/// <summary>
/// Generates text from a <see cref="LanguageModel"/>, one token at a time with the state carried:
/// the prefix is read through <see cref="LanguageModel.Step"/> (priming the state), then each new
/// token is drawn from p(x_{t+1} | x_{≤t}) by <see cref="TokenSampler.Sample"/> and fed back in. Runs in
/// eval mode (no dropout) without recording gradients. Chapter 5; chapters 7 and 8 sample names and plays.
/// </summary>
public static class TextGeneration
{
    /// <summary>The tokens never drawn unless chosen otherwise: &lt;pad&gt; and &lt;s&gt;, which no model is trained to predict.</summary>
    public static IReadOnlyList<int> NeverPredicted { get; } = [Vocabulary.PadId, Vocabulary.StartId];

    /// <summary>
    /// Up to <paramref name="maxNewTokens"/> tokens after <paramref name="prefix"/> (not included in the result),
    /// stopping before <paramref name="stopId"/> (&lt;/s&gt; by default; null: never stop early). For sentence
    /// models the prefix starts with &lt;s&gt;; for stream models it is any text, e.g. the encoded "ROMEO:".
    /// The ids in <paramref name="excluded"/> (default <see cref="NeverPredicted"/>) are never drawn: their logits
    /// are set to −∞ before sampling. A stream model should also exclude &lt;/s&gt;, which its text never holds.
    /// </summary>
    public static int[] Generate(LanguageModel model, IReadOnlyList<int> prefix, int maxNewTokens,
        SamplingOptions options, Generator generator, int? stopId = Vocabulary.EndId, IReadOnlyList<int>? excluded = null)
        => GenerateBatch(model, prefix, 1, maxNewTokens, options, generator, stopId, excluded)[0];

    /// <summary>
    /// <paramref name="count"/> continuations of the same prefix, computed together as one batch (B = count);
    /// at each step row 0 draws first, then row 1, and so on, from the one <paramref name="generator"/>.
    /// </summary>
    public static int[][] GenerateBatch(LanguageModel model, IReadOnlyList<int> prefix, int count, int maxNewTokens,
        SamplingOptions options, Generator generator, int? stopId = Vocabulary.EndId, IReadOnlyList<int>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        options.Validate();
        if (prefix.Count == 0)
            throw new ArgumentException("Generate: the prefix is empty; start with <s> for a sentence model or with some text for a stream model.", nameof(prefix));
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Generate: count must be at least 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        int vocabulary = model.VocabSize;
        foreach (int id in prefix)
            if ((uint)id >= (uint)vocabulary)
                throw new ArgumentException($"Generate: prefix id {id} is not a token of the model's {vocabulary}-token vocabulary.", nameof(prefix));
        excluded ??= NeverPredicted;
        if (excluded.Distinct().Count(id => (uint)id < (uint)vocabulary) >= vocabulary)
            throw new ArgumentException("Generate: every token of the vocabulary is excluded, so none can be drawn.", nameof(excluded));

        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var _ = Torch.NoGrad();
            var outputs = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
            var done = new bool[count];
            RecurrentState? state = null;
            Tensor logits = null!;
            var tokens = new int[count];
            var row = new float[vocabulary];
            foreach (int id in prefix)
            {
                Array.Fill(tokens, id);
                (logits, state) = model.Step(tokens, state); // (B, V)
            }
            for (int t = 0; t < maxNewTokens; t++)
            {
                for (int b = 0; b < count; b++)
                {
                    if (done[b]) continue; // a finished row keeps being fed its last token; its draws are skipped
                    logits.Data.AsSpan(b * vocabulary, vocabulary).CopyTo(row);
                    foreach (int id in excluded)
                        if ((uint)id < (uint)vocabulary) row[id] = float.NegativeInfinity;
                    int next = TokenSampler.Sample(row, options, generator);
                    if (next == stopId) done[b] = true;
                    else
                    {
                        outputs[b].Add(next);
                        tokens[b] = next;
                    }
                }
                if (done.All(d => d) || t == maxNewTokens - 1) break;
                (logits, state) = model.Step(tokens, state); // (B, V)
            }
            return outputs.Select(o => o.ToArray()).ToArray();
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
