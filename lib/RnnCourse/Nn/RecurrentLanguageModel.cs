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
public sealed record LanguageModelConfig(
    RecurrentKind Kind, int VocabSize, int EmbeddingSize, int HiddenSize, int NumLayers = 1, float Dropout = 0f);

/// <summary>The state carried between windows of text and between generation steps: h (layers, B, H), and c for an LSTM.</summary>
public sealed record RecurrentState(Tensor H, Tensor? C = null)
{
    /// <summary>The same values cut from the graph: truncated BPTT stops here.</summary>
    public RecurrentState Detach() => new(H.Detach(), C?.Detach());
}

/// <summary>
/// A language model as in the course readings: embedding → recurrent layers → linear head, giving
/// logits (B, T, vocab) for the next token at every position: p(x_{t+1} | x_{≤t}) = softmax(W_o·h_t + b_o).
/// </summary>
public sealed class RecurrentLanguageModel : Module
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
        Config = config;
        _generator = generator ?? Generator.Default;
        Embedding = RegisterModule("embedding", new Embedding(config.VocabSize, config.EmbeddingSize, generator: generator));
        Rnn = RegisterModule("rnn", (RecurrentLayer)(config.Kind switch
        {
            RecurrentKind.Elman => new Elman(config.EmbeddingSize, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator),
            RecurrentKind.Lstm => new Lstm(config.EmbeddingSize, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator),
            _ => new Gru(config.EmbeddingSize, config.HiddenSize, config.NumLayers, dropout: config.Dropout, generator: generator),
        }));
        Head = RegisterModule("head", new Linear(config.HiddenSize, config.VocabSize, generator: generator));
    }

    /// <summary>Token ids (B·T, row-major) → logits (B, T, vocab) and the final state.</summary>
    public (Tensor Logits, RecurrentState State) Forward(IReadOnlyList<int> ids, int batch, int steps, RecurrentState? state = null)
    {
        // The embedding feeds layer 0 directly, so the layer folds it into its input weights (a gather per token).
        Tensor output;
        RecurrentState next;
        switch (Rnn)
        {
            case Lstm lstm:
                (output, var hc) = lstm.Forward(Embedding, ids, batch, steps,
                                                state is null ? null : (state.H, state.C ?? throw new ArgumentException("An LSTM state needs C.")));
                next = new RecurrentState(hc.H, hc.C);
                break;
            case Gru gru:
                (output, var hg) = gru.Forward(Embedding, ids, batch, steps, state?.H);
                next = new RecurrentState(hg);
                break;
            default:
                (output, var he) = ((Elman)Rnn).Forward(Embedding, ids, batch, steps, state?.H);
                next = new RecurrentState(he);
                break;
        }
        output = Functional.Dropout(output, Config.Dropout, Training, _generator); // (B, T, H)
        return (Head.Forward(output), next);                                      // (B, T, vocab)
    }

    /// <summary>One generation step: the last tokens (B) and the carried state → next-token logits (B, vocab) and the new state.</summary>
    public (Tensor Logits, RecurrentState State) Step(IReadOnlyList<int> tokens, RecurrentState? state = null)
    {
        var (logits, next) = Forward(tokens, tokens.Count, 1, state);
        return (logits.Reshape(tokens.Count, Config.VocabSize), next);
    }

    protected override string ExtraRepr() => $"{Config.Kind}, vocab={Config.VocabSize}";
}
