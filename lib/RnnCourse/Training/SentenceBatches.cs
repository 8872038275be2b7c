using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>
/// Batches of whole sentences (names, lines): each sentence x₁..xₙ is framed as
/// <code>
/// inputs   &lt;s&gt; x₁ x₂ … xₙ
/// targets  x₁  x₂ x₃ … &lt;/s&gt;
/// </code>
/// so the model learns where a sentence starts and predicts where it ends (n + 1 predictions, &lt;/s&gt; counted
/// as makemore counts it), and the rows of a batch are padded on the right with &lt;pad&gt; to the longest.
/// Padded targets hold the batch's ignore index (&lt;pad&gt; by default), which the loss skips; because a
/// recurrent model reads left to right, right padding never changes the predictions before it. Every
/// batch starts from a zero state. Chapter 5.
/// </summary>
public static class SentenceBatches
{
    /// <summary>
    /// One batch from <paramref name="sentences"/> (token ids without framing): T = longest + 1. Padded targets
    /// are <paramref name="ignoreIndex"/>; a sentence holding it as a token is refused, since its loss would be skipped.
    /// </summary>
    public static LanguageModelBatch Collate(IReadOnlyList<IReadOnlyList<int>> sentences, int ignoreIndex = Vocabulary.PadId)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0) throw new ArgumentException("SentenceBatches.Collate: no sentences to batch.", nameof(sentences));
        int steps = sentences.Max(s => s.Count) + 1;
        int rows = sentences.Count;
        var inputs = new int[rows * steps];   // (B, T), <pad> = 0 already
        var targets = new int[rows * steps];  // (B, T)
        Array.Fill(targets, ignoreIndex);
        for (int b = 0; b < rows; b++)
        {
            IReadOnlyList<int> sentence = sentences[b];
            int row = b * steps;
            inputs[row] = Vocabulary.StartId;
            for (int t = 0; t < sentence.Count; t++)
            {
                int id = sentence[t];
                if (id is Vocabulary.PadId or Vocabulary.StartId or Vocabulary.EndId)
                    throw new ArgumentException(
                        $"SentenceBatches: sentence {b} holds the special id {id} at position {t}; pass the ids of its tokens only — <s>, </s> and <pad> are added here.",
                        nameof(sentences));
                if (id == ignoreIndex)
                    throw new ArgumentException(
                        $"SentenceBatches: sentence {b} holds the ignored target id {id} at position {t}, so its prediction would not count; pass another ignoreIndex.",
                        nameof(sentences));
                inputs[row + t + 1] = id;
                targets[row + t] = id;
            }
            targets[row + sentence.Count] = Vocabulary.EndId;
        }
        return new LanguageModelBatch(inputs, targets, rows, steps, ignoreIndex: ignoreIndex);
    }

    /// <summary>A loader of framed, padded sentence batches; shuffled (training) or in order (evaluation).</summary>
    public static DataLoader<IReadOnlyList<int>, LanguageModelBatch> Loader(IReadOnlyList<IReadOnlyList<int>> sentences, int batchSize,
        bool shuffle = false, bool dropLast = false, ulong seed = 0, int ignoreIndex = Vocabulary.PadId)
        => new(sentences, batchSize, batch => Collate(batch, ignoreIndex), shuffle, dropLast, seed);
}
