using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>Which minimal recurrent unit a <see cref="MinRnnLanguageModel"/> stacks.</summary>
public enum MinRnnKind { MinGru, MinLstm }

/// <summary>
/// A character language model of stacked minimal RNN layers: embedding (V, H) → L × minGRU or minLSTM (H → H) →
/// linear head, logits (B, T, V) for the next token at every position. One minimal layer can only mix features of
/// single tokens over time (its gates see x_t alone); stacking is what lets a layer's gates depend on the past,
/// through the states of the layer below. At equal width, 3 minGRU layers or 2 minLSTM layers have exactly the
/// parameters of 1 GRU layer: 6H² + 6H. A <see cref="LanguageModel"/>, so the <c>Trainer</c>, evaluation and text
/// generation take it as they take a <see cref="RecurrentLanguageModel"/>. Chapter 10.
/// </summary>
public sealed class MinRnnLanguageModel : LanguageModel
{
    public MinRnnLanguageModel(MinRnnKind kind, int vocabSize, int hiddenSize, int numLayers, Generator? generator = null)
    {
        if (vocabSize <= 0 || numLayers <= 0)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), $"MinRnnLanguageModel(vocab={vocabSize}, layers={numLayers}): both must be positive.");
        Kind = kind;
        VocabSize = vocabSize;
        HiddenSize = hiddenSize;
        Embedding = RegisterModule("embedding", new Embedding(vocabSize, hiddenSize, generator: generator));
        Layers = RegisterModule("layers", new ModuleList<MinRecurrentLayer>(Enumerable.Range(0, numLayers).Select(_ => kind == MinRnnKind.MinGru
            ? (MinRecurrentLayer)new MinGru(hiddenSize, hiddenSize, generator)
            : new MinLstm(hiddenSize, hiddenSize, generator))));
        Head = RegisterModule("head", new Linear(hiddenSize, vocabSize, generator: generator));
    }

    public MinRnnKind Kind { get; }

    /// <summary>V: one logit per token id.</summary>
    public override int VocabSize { get; }

    /// <summary>H: the width of the embedding and of every layer's state.</summary>
    public int HiddenSize { get; }

    public Embedding Embedding { get; }
    public ModuleList<MinRecurrentLayer> Layers { get; }
    public Linear Head { get; }

    /// <summary>Sets every layer to the parallel scan (true) or the sequential loop (false).</summary>
    public bool Parallel
    {
        get => Layers[0].Parallel;
        set
        {
            foreach (MinRecurrentLayer layer in Layers) layer.Parallel = value;
        }
    }

    /// <summary>
    /// Token ids (B·T, row-major) and the state carried from the previous window (H of shape (layers, B, H), or null
    /// for zeros) → logits (B, T, V) and the final state, as <see cref="RecurrentLanguageModel.Forward"/>.
    /// </summary>
    public override (Tensor Logits, RecurrentState State) Forward(IReadOnlyList<int> ids, int batch, int steps, RecurrentState? state = null)
    {
        if (state is not null && (state.H.Rank != 3 || state.H.Size(0) != Layers.Count || state.H.Size(1) != batch || state.H.Size(2) != HiddenSize))
            throw new ArgumentException(
                $"MinRnnLanguageModel: the state H of shape ({string.Join(", ", state.H.Shape)}) should be ({Layers.Count}, {batch}, {HiddenSize}) = (layers, batch, hidden).");
        Tensor x = Embedding.Forward(ids, batch, steps);                   // (B, T, H)
        var finals = new Tensor[Layers.Count];
        for (int k = 0; k < Layers.Count; k++)
            (x, finals[k]) = Layers[k].Forward(x, state?.H.Select(0, k));  // (B, T, H), (B, H)
        return (Head.Forward(x), new RecurrentState(Tensor.Stack(finals, 0))); // (B, T, V), (layers, B, H)
    }

    protected override string ExtraRepr() => $"{Kind}, vocab={VocabSize}";
}
