using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>
/// One batch for a language model: B rows of T token ids and, at every position, the id that follows,
/// targets[b, t] = x_{t+1} for inputs[b, t] = x_t. A target equal to <see cref="IgnoreIndex"/> (by default
/// &lt;pad&gt;) marks padding: the loss and the evaluation skip it (cross-entropy's ignore_index) and it is not
/// counted as a token. Chapter 5.
/// </summary>
public sealed class LanguageModelBatch
{
    /// <param name="inputs">B·T input ids, row-major (row b is inputs[b·T .. b·T + T − 1]).</param>
    /// <param name="targets">B·T next-token ids, row-major; <paramref name="ignoreIndex"/> where there is none.</param>
    /// <param name="batchSize">B, the rows.</param>
    /// <param name="steps">T, the time steps per row.</param>
    /// <param name="continuesState">true when row b continues row b of the previous batch (truncated BPTT):
    /// that batch's final hidden state, detached, is this batch's initial state. false: start from zeros.</param>
    /// <param name="ignoreIndex">the target id that marks padding: &lt;pad&gt; of the course's vocabularies by default.
    /// Where id 0 is a real token (another tokenizer's ids), pass an id no target holds, such as
    /// <see cref="Functional.DefaultIgnoreIndex"/> (−100), and every target counts.</param>
    public LanguageModelBatch(int[] inputs, int[] targets, int batchSize, int steps, bool continuesState = false,
                              int ignoreIndex = Vocabulary.PadId)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (batchSize < 1 || steps < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"A batch needs at least one row and one step, got ({batchSize}, {steps}).");
        if (inputs.Length != batchSize * steps || targets.Length != batchSize * steps)
            throw new ArgumentException(
                $"A ({batchSize}, {steps}) batch needs {batchSize * steps} inputs and targets, got {inputs.Length} and {targets.Length}.");
        Inputs = inputs;
        Targets = targets;
        BatchSize = batchSize;
        Steps = steps;
        ContinuesState = continuesState;
        IgnoreIndex = ignoreIndex;
        TokenCount = targets.Count(t => t != ignoreIndex);
    }

    /// <summary>The target id the loss and the evaluation skip (cross-entropy's ignore_index).</summary>
    public int IgnoreIndex { get; }

    /// <summary>(B·T) input ids, row-major.</summary>
    public int[] Inputs { get; }

    /// <summary>(B·T) next-token ids, row-major; <see cref="IgnoreIndex"/> at padding.</summary>
    public int[] Targets { get; }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>True when the previous batch's final state (detached) is this batch's initial state.</summary>
    public bool ContinuesState { get; }

    /// <summary>The number of targets the loss counts (those that are not padding).</summary>
    public int TokenCount { get; }

    /// <summary>Row <paramref name="row"/>'s inputs.</summary>
    public ReadOnlySpan<int> InputRow(int row) => Inputs.AsSpan(row * Steps, Steps);

    /// <summary>Row <paramref name="row"/>'s targets.</summary>
    public ReadOnlySpan<int> TargetRow(int row) => Targets.AsSpan(row * Steps, Steps);
}
