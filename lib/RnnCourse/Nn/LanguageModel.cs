using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>The state carried between windows of text and between generation steps: h (layers, B, H), and c for an LSTM.</summary>
public sealed record RecurrentState(Tensor H, Tensor? C = null)
{
    /// <summary>The same values cut from the graph: truncated BPTT stops here.</summary>
    public RecurrentState Detach() => new(H.Detach(), C?.Detach());
}

/// <summary>
/// What the <c>Trainer</c>, evaluation and text generation need of a neural language model: token ids and the
/// carried state in, next-token logits and the new state out, p(x_{t+1} | x_{≤t}) = softmax(logits_t).
/// <see cref="RecurrentLanguageModel"/> is one; a model composed from the layers (Embedding, Dropout, Lstm,
/// Linear) is another once it derives from this class. Chapter 5.
/// </summary>
public abstract class LanguageModel : Module
{
    /// <summary>V: the logits' last dimension, one per token id.</summary>
    public abstract int VocabSize { get; }

    /// <summary>
    /// The generator the model's dropout masks come from: the trainer saves its state in checkpoints, so a
    /// resumed run draws the masks the uninterrupted one would have. Default: <see cref="Generator.Default"/>.
    /// </summary>
    public virtual Generator Generator => Tensors.Generator.Default;

    /// <summary>
    /// Token ids (B·T, row-major) and the state carried from the previous window (null: zeros) →
    /// logits (B, T, V) and the final state.
    /// </summary>
    public abstract (Tensor Logits, RecurrentState State) Forward(IReadOnlyList<int> ids, int batch, int steps, RecurrentState? state = null);

    /// <summary>One generation step: the last tokens (B) and the carried state → next-token logits (B, V) and the new state.</summary>
    public (Tensor Logits, RecurrentState State) Step(IReadOnlyList<int> tokens, RecurrentState? state = null)
    {
        var (logits, next) = Forward(tokens, tokens.Count, 1, state); // (B, 1, V)
        return (logits.Reshape(tokens.Count, VocabSize), next);       // (B, V)
    }
}
