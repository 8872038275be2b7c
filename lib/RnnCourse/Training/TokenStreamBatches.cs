namespace RnnCourse.Training;

/// <summary>
/// A long token stream (a book as characters) cut into (B, T) windows for truncated backpropagation
/// through time, as char-rnn does. The N tokens are split into B parallel tracks of L = ⌊(N − 1) / B⌋
/// consecutive tokens — track b starts at token b·L — and window w holds positions w·T .. w·T + T − 1 of
/// every track:
/// <code>
/// inputs[b, t]  = tokens[b·L + w·T + t]
/// targets[b, t] = tokens[b·L + w·T + t + 1]
/// </code>
/// So row b of window w + 1 continues row b of window w, and the hidden state at the end of one window
/// (detached: gradients stop there) is the right initial state for the next. An epoch is the
/// ⌊L / T⌋ windows in order (the last L mod T tokens of each track are not used); the first window of an
/// epoch starts from zeros. Chapter 4 (truncated BPTT), chapter 8.
/// </summary>
public sealed class TokenStreamBatches : IBatchSource<LanguageModelBatch>
{
    private readonly int[] _tokens;

    /// <param name="tokens">the stream of ids.</param>
    /// <param name="batchSize">B, the parallel tracks.</param>
    /// <param name="steps">T, the window length: how far back gradients flow.</param>
    public TokenStreamBatches(IReadOnlyList<int> tokens, int batchSize, int steps)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (batchSize < 1 || steps < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"TokenStreamBatches: batch ({batchSize}) and steps ({steps}) must be at least 1.");
        if (tokens.Count < batchSize * steps + 1)
            throw new ArgumentException(
                $"TokenStreamBatches: {tokens.Count} tokens are too few for {batchSize} tracks of at least {steps} steps (needs {batchSize * steps + 1}); " +
                "use a longer text or a smaller batch or sequence length.", nameof(tokens));
        _tokens = tokens.ToArray();
        BatchSize = batchSize;
        Steps = steps;
        TrackLength = (_tokens.Length - 1) / batchSize;
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>L = ⌊(N − 1) / B⌋, the tokens per track.</summary>
    public int TrackLength { get; }

    /// <summary>⌊L / T⌋ windows.</summary>
    public int BatchesPerEpoch => TrackLength / Steps;

    /// <summary>The number of tokens one epoch predicts: B · T · windows.</summary>
    public long TokensPerEpoch => (long)BatchSize * Steps * BatchesPerEpoch;

    /// <summary>Window <paramref name="index"/>; every epoch has the same windows (the order is the text's).</summary>
    public LanguageModelBatch GetBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"TokenStreamBatches: an epoch has {BatchesPerEpoch} windows (indices 0..{BatchesPerEpoch - 1}).");
        var inputs = new int[BatchSize * Steps];   // (B, T)
        var targets = new int[BatchSize * Steps];  // (B, T)
        for (int b = 0; b < BatchSize; b++)
        {
            int start = b * TrackLength + index * Steps;
            Array.Copy(_tokens, start, inputs, b * Steps, Steps);
            Array.Copy(_tokens, start + 1, targets, b * Steps, Steps);
        }
        return new LanguageModelBatch(inputs, targets, BatchSize, Steps, continuesState: index > 0);
    }
}
