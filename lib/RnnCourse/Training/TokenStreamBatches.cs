using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>
/// A long token stream (a book as characters or words) cut into (B, T) windows for truncated backpropagation
/// through time. The N tokens are split into B parallel tracks of L consecutive tokens — track b starts at
/// token b·L — and window w holds positions w·T .. w·T + T − 1 of every track:
/// <code>
/// inputs[b, t]  = tokens[b·L + w·T + t]
/// targets[b, t] = tokens[b·L + w·T + t + 1]
/// </code>
/// So row b of window w + 1 continues row b of window w, and the hidden state at the end of one window
/// (detached: gradients stop there) is the right initial state for the next; the first window of an
/// epoch starts from zeros. Two layouts:
/// <list type="bullet">
/// <item>default, char-rnn's: L = ⌊(N − 1) / B⌋, so each track predicts L tokens (its last target is the
/// next track's first token), and an epoch is the ⌊L / T⌋ full windows: the last L mod T predictions of each
/// track are never made. Every step then has B·T targets.</item>
/// <item><c>keepPartialWindow</c>, PyTorch's (word_language_model's batchify and get_batch): L = ⌊N / B⌋, each
/// track predicts its own L − 1 next tokens, and an epoch is ⌈(L − 1) / T⌉ windows, the last one shorter. Every
/// token but the tracks' first is predicted once per epoch. The effect of the choice: the default leaves up to
/// B·(T − 1) tokens unpredicted, which matters for short held-out texts (an evaluation then scores fewer
/// tokens), and the two layouts cut the tracks one token apart, so they train on different windows. Use
/// this one to reproduce PyTorch's numbers.</item>
/// </list>
/// Chapter 4 (truncated BPTT), chapter 8.
/// </summary>
public sealed class TokenStreamBatches : IBatchSource<LanguageModelBatch>
{
    private readonly int[] _tokens;

    /// <param name="tokens">the stream of ids.</param>
    /// <param name="batchSize">B, the parallel tracks.</param>
    /// <param name="steps">T, the window length: how far back gradients flow.</param>
    /// <param name="keepPartialWindow">false (default): char-rnn's layout, full windows only; true: PyTorch's,
    /// with the last, shorter window (see the class remarks).</param>
    /// <param name="ignoreIndex">the target id the loss skips, &lt;pad&gt; by default. A stream has no padding, so a
    /// stream holding this id is refused rather than having those predictions silently dropped: for ids from
    /// another tokenizer, where 0 is a real token, pass <see cref="Functional.DefaultIgnoreIndex"/> (−100).</param>
    public TokenStreamBatches(IReadOnlyList<int> tokens, int batchSize, int steps, bool keepPartialWindow = false,
                              int ignoreIndex = Vocabulary.PadId)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (batchSize < 1 || steps < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"TokenStreamBatches: batch ({batchSize}) and steps ({steps}) must be at least 1.");
        int needed = keepPartialWindow ? 2 * batchSize : batchSize * steps + 1;
        if (tokens.Count < needed)
            throw new ArgumentException(
                $"TokenStreamBatches: {tokens.Count} tokens are too few for {batchSize} tracks of " +
                (keepPartialWindow ? "at least 2 tokens" : $"at least {steps} steps") + $" (needs {needed}); " +
                "use a longer text or a smaller batch or sequence length.", nameof(tokens));
        _tokens = tokens.ToArray();
        int ignored = _tokens.Count(t => t == ignoreIndex);
        if (ignored > 0)
            throw new ArgumentException(
                $"TokenStreamBatches: the stream holds the ignored target id {ignoreIndex} {ignored:N0} times, and those predictions would " +
                $"not count in the loss. If {ignoreIndex} is a real token of your tokenizer, pass ignoreIndex: Functional.DefaultIgnoreIndex (-100).",
                nameof(tokens));
        BatchSize = batchSize;
        Steps = steps;
        KeepsPartialWindow = keepPartialWindow;
        IgnoreIndex = ignoreIndex;
        TrackLength = keepPartialWindow ? _tokens.Length / batchSize : (_tokens.Length - 1) / batchSize;
        PredictionsPerTrack = keepPartialWindow ? TrackLength - 1 : TrackLength;
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>T, the length of every window (but the last one when <see cref="KeepsPartialWindow"/>).</summary>
    public int Steps { get; }

    /// <summary>True for PyTorch's layout, false for char-rnn's (see the class remarks).</summary>
    public bool KeepsPartialWindow { get; }

    /// <summary>The target id the batches' loss skips.</summary>
    public int IgnoreIndex { get; }

    /// <summary>L, the tokens per track: ⌊(N − 1) / B⌋, or ⌊N / B⌋ in PyTorch's layout.</summary>
    public int TrackLength { get; }

    /// <summary>The next tokens each track can predict: L, or L − 1 in PyTorch's layout.</summary>
    public int PredictionsPerTrack { get; }

    /// <summary>⌊P / T⌋ full windows, or ⌈P / T⌉ with the partial one, for P predictions per track.</summary>
    public int BatchesPerEpoch => KeepsPartialWindow ? (PredictionsPerTrack + Steps - 1) / Steps : PredictionsPerTrack / Steps;

    /// <summary>The number of tokens one epoch predicts.</summary>
    public long TokensPerEpoch => (long)BatchSize * (KeepsPartialWindow ? PredictionsPerTrack : Steps * BatchesPerEpoch);

    /// <summary>Window <paramref name="index"/>; every epoch has the same windows (the order is the text's).</summary>
    public LanguageModelBatch GetBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"TokenStreamBatches: an epoch has {BatchesPerEpoch} windows (indices 0..{BatchesPerEpoch - 1}).");
        int steps = Math.Min(Steps, PredictionsPerTrack - index * Steps);
        var inputs = new int[BatchSize * steps];   // (B, T)
        var targets = new int[BatchSize * steps];  // (B, T)
        for (int b = 0; b < BatchSize; b++)
        {
            int start = b * TrackLength + index * Steps;
            Array.Copy(_tokens, start, inputs, b * steps, steps);
            Array.Copy(_tokens, start + 1, targets, b * steps, steps);
        }
        return new LanguageModelBatch(inputs, targets, BatchSize, steps, continuesState: index > 0, ignoreIndex: IgnoreIndex);
    }
}
