using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>Which recurrent unit a model uses.</summary>
public enum RecurrentKind { Elman, Lstm, Gru }

/// <summary>The shape of a recurrent language model; each field says why it matters.</summary>
/// <param name="Kind">Elman (chapter 3), LSTM or GRU (chapter 6).</param>
/// <param name="VocabSize">Rows of the embedding and outputs of the head: one per token id.</param>
/// <param name="EmbeddingSize">Width of a token's vector; char models use the hidden size.</param>
/// <param name="HiddenSize">Width of the state h (and c): the model's memory.</param>
/// <param name="NumLayers">Stacked recurrent layers; 2 is the char-rnn default.</param>
/// <param name="Dropout">Dropout between recurrent layers and before the head, as in char-rnn (0 = none).</param>
/// <param name="EmbeddingDropout">Dropout on the embedding's output, as PyTorch's word_language_model (which uses
/// the same p everywhere); 0 = none.</param>
/// <param name="TieWeights">The head's weight is the embedding's (Press and Wolf 2017; the example's --tied):
/// V·E fewer parameters and often a lower perplexity; needs EmbeddingSize = HiddenSize.</param>
public sealed record LanguageModelConfig(
    RecurrentKind Kind, int VocabSize, int EmbeddingSize, int HiddenSize, int NumLayers = 1, float Dropout = 0f,
    float EmbeddingDropout = 0f, bool TieWeights = false);

/// <summary>
/// A language model as in the course readings: embedding → recurrent layers → linear head, giving
/// logits (B, T, vocab) for the next token at every position: p(x_{t+1} | x_{≤t}) = softmax(W_o·h_t + b_o).
/// </summary>
/// <remarks>
/// Layer 0's input projection can read the embedding two ways, with the same result:
/// <code>
/// folded:    table = E·W_ihᵀ + b  (V, G·H), then gather row ids[b, t]     forward 2·V·E·G·H flops, backward 4·V·E·G·H
/// unfolded:  x = E[ids] (B·T, E), then x·W_ihᵀ over the B·T rows         forward 2·N·E·G·H flops, backward 4·N·E·G·H
/// </code>
/// with N = B·T rows and G gates. The products cost the same at V = N, and the other work (a gather and a
/// scatter-add of G·H-wide rows against E-wide ones) favours neither much, so the rule is: fold when V ≤ B·T.
/// A char model (V = 65, B·T = 2,500) folds; a word model (V = 14,000 to 30,000, B·T = 700) and one-token
/// generation steps (B·T = B) do not, where the table was up to 43 times the work. Dropout on the embedding
/// output needs the vectors, so it never folds while training with <see cref="LanguageModelConfig.EmbeddingDropout"/>.
/// Measured both ways in bench/README.md (its `fold` benchmark).
/// </remarks>
public sealed class RecurrentLanguageModel : LanguageModel
{
    public LanguageModelConfig Config { get; }
    public Embedding Embedding { get; }
    public RecurrentLayer Rnn { get; }
    public Linear Head { get; }
    private readonly Generator _generator;

    public RecurrentLanguageModel(LanguageModelConfig config, Generator? generator = null)
    {
        if (config.VocabSize <= 0)
            throw new ArgumentException($"The vocabulary size is {config.VocabSize}; build the vocabulary from a non-empty corpus first.");
        if (config.TieWeights && config.EmbeddingSize != config.HiddenSize)
            throw new ArgumentException(
                $"Tied weights need the embedding size ({config.EmbeddingSize}) to equal the hidden size ({config.HiddenSize}): the head's weight (V, H) is the embedding (V, E).");
        Functional.CheckDropoutProbability(config.EmbeddingDropout);
        Config = config;
        _generator = generator ?? Tensors.Generator.Default;
        Embedding = RegisterModule("embedding", new Embedding(config.VocabSize, config.EmbeddingSize, generator: generator));
        Rnn = RegisterModule("rnn", (RecurrentLayer)(config.Kind switch
        {
            RecurrentKind.Elman => new Elman(config.EmbeddingSize, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator),
            RecurrentKind.Lstm => new Lstm(config.EmbeddingSize, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator),
            _ => new Gru(config.EmbeddingSize, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator),
        }));
        Head = RegisterModule("head", config.TieWeights
            ? new Linear(Embedding.Weight, generator: generator)
            : new Linear(config.HiddenSize, config.VocabSize, generator: generator));
    }

    public override int VocabSize => Config.VocabSize;

    public override Generator Generator => _generator;

    /// <summary>
    /// Forces layer 0 to read the embedding folded into its input weights (true) or not (false); null, the
    /// default, decides by the size rule (see the remarks). Either way the numbers are the same up to rounding.
    /// Folding is impossible, and so not done, for unfused layers and while embedding dropout is active.
    /// </summary>
    public bool? FoldEmbedding { get; set; }

    /// <summary>Whether a forward pass over <paramref name="rows"/> = B·T tokens folds the embedding into layer 0.</summary>
    public bool FoldsEmbedding(int rows)
        => Rnn.Fused && !(Training && Config.EmbeddingDropout > 0f) && (FoldEmbedding ?? Config.VocabSize <= rows);

    /// <summary>Token ids (B·T, row-major) → logits (B, T, vocab) and the final state.</summary>
    public override (Tensor Logits, RecurrentState State) Forward(IReadOnlyList<int> ids, int batch, int steps, RecurrentState? state = null)
    {
        Tensor?[] initial = Rnn is Lstm
            ? [state?.H, state is null ? null : state.C ?? throw new ArgumentException("An LSTM state needs C.")]
            : [state?.H];
        var (output, final) = FoldsEmbedding(batch * steps)
            ? Rnn.Run(Embedding, ids, batch, steps, initial)
            : Rnn.Run(Functional.Dropout(Embedding.Forward(ids, batch, steps), Config.EmbeddingDropout, Training, _generator), initial); // (B, T, E) in
        output = Functional.Dropout(output, Config.Dropout, Training, _generator); // (B, T, H)
        return (Head.Forward(output), new RecurrentState(final[0], final.Length > 1 ? final[1] : null)); // (B, T, vocab)
    }

    protected override string ExtraRepr() => $"{Config.Kind}, vocab={Config.VocabSize}" + (Config.TieWeights ? ", tied" : "");
}
