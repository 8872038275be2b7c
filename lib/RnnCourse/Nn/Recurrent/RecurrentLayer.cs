using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// What the stacked recurrent layers share: PyTorch's parameters per layer k — weight_ih_l{k}
/// (gates·H, in), weight_hh_l{k} (gates·H, H), bias_ih_l{k}, bias_hh_l{k} — all initialised
/// U(−1/√H, 1/√H) (<see cref="Init.UniformInverseSqrt"/>); dropout on every layer's output but the last,
/// p in [0, 1] as torch (p = 1 zeroes the next layer's input); batch-first input (B, T, in).
/// <see cref="Fused"/> picks the fast sequence kernels (the default) or the step-by-step composition of
/// cell equations from Tensor ops, which is the reference the kernels are tested against.
/// </summary>
public abstract class RecurrentLayer : Module
{
    private readonly Parameter[] _weightIh, _weightHh;
    private readonly Parameter?[] _biasIh, _biasHh;

    private readonly bool _foldsHiddenBias;

    /// <summary>
    /// <c>foldsHiddenBias</c>: true where b_hh only ever adds to the same sum as b_ih (Elman, LSTM), so the
    /// input projection carries b_ih + b_hh; GRU keeps b_hn inside r ⊙ (W_hn·h + b_hn).
    /// </summary>
    protected RecurrentLayer(int gates, int inputSize, int hiddenSize, int numLayers, bool bias, float dropout, Generator? generator,
                             bool foldsHiddenBias)
    {
        _foldsHiddenBias = foldsHiddenBias;
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize),
                $"{GetType().Name}(input={inputSize}, hidden={hiddenSize}, layers={numLayers}): sizes must be positive.");
        Functional.CheckDropoutProbability(dropout);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        DropoutProbability = dropout;
        Generator = generator ?? Tensors.Generator.Default;
        _weightIh = new Parameter[numLayers];
        _weightHh = new Parameter[numLayers];
        _biasIh = new Parameter?[numLayers];
        _biasHh = new Parameter?[numLayers];
        Tensor Uniform(params int[] shape) => Init.UniformInverseSqrt(Torch.Zeros(shape), hiddenSize, generator);
        for (int k = 0; k < numLayers; k++)
        {
            int inSize = k == 0 ? inputSize : hiddenSize;
            _weightIh[k] = RegisterParameter($"weight_ih_l{k}", Uniform(gates * hiddenSize, inSize));
            _weightHh[k] = RegisterParameter($"weight_hh_l{k}", Uniform(gates * hiddenSize, hiddenSize));
            if (bias)
            {
                _biasIh[k] = RegisterParameter($"bias_ih_l{k}", Uniform(gates * hiddenSize));
                _biasHh[k] = RegisterParameter($"bias_hh_l{k}", Uniform(gates * hiddenSize));
            }
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public float DropoutProbability { get; }

    /// <summary>Draws the dropout masks between layers.</summary>
    public Generator Generator { get; set; }

    /// <summary>True (default): fused sequence kernels with a hand-written backward through time.
    /// False: the cell equations composed step by step from Tensor ops (slow; for teaching and tests).</summary>
    public bool Fused { get; set; } = true;

    public Parameter WeightIh(int layer) => _weightIh[layer];
    public Parameter WeightHh(int layer) => _weightHh[layer];
    public Parameter? BiasIh(int layer) => _biasIh[layer];
    public Parameter? BiasHh(int layer) => _biasHh[layer];

    /// <summary>
    /// The input projection of every step of layer k as one GEMM, x·W_ihᵀ → (B, T, gates·H), and the bias the
    /// kernel adds to each step's rows just before that step's recurrent product reads them: filling all B·T
    /// rows with the bias first would be one more pass over the whole buffer.
    /// </summary>
    private (Tensor Projection, Tensor? Bias) InputProjection(int layer, Tensor x) => (Functional.Linear(x, WeightIh(layer)), ProjectionBias(layer));

    /// <summary>
    /// Layer 0's projection straight from token ids, with the embedding folded into W_ih:
    /// E[id]·W_ihᵀ + b = (E·W_ihᵀ + b)[id]. The table has one row per vocabulary entry, so a batch costs a
    /// (V, E)·(E, gates·H) product and a gather instead of a (B·T, E)·(E, gates·H) product, and its backward a
    /// scatter-add and two V-row products instead of two B·T-row ones: cheaper where V ≤ B·T, which is when
    /// <see cref="RecurrentLanguageModel"/> uses it.
    /// </summary>
    internal Tensor EmbeddingProjection(Embedding embedding, IReadOnlyList<int> ids, int batch, int steps)
    {
        if (embedding.Weight.Size(1) != InputSize)
            throw new ArgumentException($"{GetType().Name}: embeddings of width {embedding.Weight.Size(1)} do not match the input size {InputSize}.");
        Tensor table = Functional.Linear(embedding.Weight, WeightIh(0), ProjectionBias(0)); // (vocab, gates·H)
        return Functional.Embedding(ids, [batch, steps], table, embedding.PaddingIdx);     // (B, T, gates·H)
    }

    private Tensor? ProjectionBias(int layer)
        => BiasIh(layer) is not { } bIh ? null : _foldsHiddenBias ? bIh + BiasHh(layer)! : bIh;

    /// <summary>
    /// One layer over the whole sequence. Fused: <paramref name="projection"/> (B, T, gates·H) is given, with the
    /// <paramref name="bias"/> (gates·H) the kernel still has to add (null when the projection holds it), and
    /// <paramref name="input"/> is null; unfused: the reverse. <paramref name="initial"/> holds the layer's
    /// starting state (h, and c for an LSTM), each (B, H); returns the outputs (B, T, H) and the final state.
    /// </summary>
    private protected abstract (Tensor Output, Tensor[] Final) RunLayer(int layer, Tensor? input, Tensor? projection, Tensor? bias, Tensor[] initial);

    /// <summary>Runs the stack on x (B, T, in); each initial state (h, and c for an LSTM) is (layers, B, H) or null for
    /// zeros. Returns the last layer's outputs and each final state stacked over layers.</summary>
    internal (Tensor Output, Tensor[] Final) Run(Tensor x, Tensor?[] initial)
    {
        var (batch, _) = CheckInput(x);
        return RunStack(x, null, Checked(initial, batch));
    }

    /// <summary>As <see cref="Run(Tensor, Tensor[])"/> from token ids (B·T), the embedding folded into layer 0 (fused layers only).</summary>
    internal (Tensor Output, Tensor[] Final) Run(Embedding embedding, IReadOnlyList<int> ids, int batch, int steps, Tensor?[] initial)
    {
        if (!Fused) throw new InvalidOperationException($"{GetType().Name}: only the fused kernels fold the embedding into layer 0.");
        CheckIds(ids, batch, steps);
        return RunStack(null, EmbeddingProjection(embedding, ids, batch, steps), Checked(initial, batch));
    }

    private (Tensor Output, Tensor[] Final) RunStack(Tensor? x, Tensor? firstProjection, Tensor[] initial)
    {
        Tensor? input = x;
        var finals = new Tensor[initial.Length][];
        for (int i = 0; i < finals.Length; i++) finals[i] = new Tensor[NumLayers];
        for (int k = 0; k < NumLayers; k++)
        {
            Tensor[] start = initial.Select(s => s.Select(0, k)).ToArray(); // each (B, H)
            var (projection, bias) = !Fused ? (null, null)
                                   : k == 0 && firstProjection is not null ? (firstProjection, null)
                                   : InputProjection(k, input!);
            var (output, final) = RunLayer(k, Fused ? null : input, projection, bias, start);
            for (int i = 0; i < final.Length; i++) finals[i][k] = final[i];
            input = BetweenLayers(output, k);
        }
        return (input!, finals.Select(f => Tensor.Stack(f, 0)).ToArray());
    }

    /// <summary>The outputs and h_n of a run whose only state is h (Elman, GRU).</summary>
    private protected static (Tensor Output, Tensor H) WithHidden((Tensor Output, Tensor[] Final) run) => (run.Output, run.Final[0]);

    /// <summary>The reference path: a cell applied step by step; state[0] is h, the step's output.</summary>
    private protected static (Tensor Output, Tensor[] Final) Unrolled(Tensor input, Tensor[] state, Func<Tensor, Tensor[], Tensor[]> step)
    {
        var hs = new Tensor[input.Size(1)];
        for (int t = 0; t < hs.Length; t++)
        {
            state = step(input.Select(1, t), state); // x_t (B, in)
            hs[t] = state[0];
        }
        return (Tensor.Stack(hs, 1), state);
    }

    private Tensor[] Checked(Tensor?[] initial, int batch)
        => initial.Select((s, i) => StateOrZeros(s, batch, i == 0 ? "h0" : "c0")).ToArray();

    /// <summary>Checks x is (B, T, in) and returns B and T.</summary>
    protected (int Batch, int Steps) CheckInput(Tensor x)
    {
        if (x.Rank != 3 || x.Size(2) != InputSize)
            throw new ArgumentException(
                $"{GetType().Name}: input of shape ({string.Join(", ", x.Shape)}) should be (batch, seq, {InputSize}) — batch-first.");
        if (x.Size(1) == 0) throw new ArgumentException($"{GetType().Name}: the input sequence is empty (seq = 0).");
        return (x.Size(0), x.Size(1));
    }

    /// <summary>Checks ids fill (B, T) and T &gt; 0.</summary>
    protected static void CheckIds(IReadOnlyList<int> ids, int batch, int steps)
    {
        if (steps <= 0 || batch <= 0 || ids.Count != batch * steps)
            throw new ArgumentException($"{ids.Count} token ids do not fill a ({batch}, {steps}) batch with at least one step.");
    }

    /// <summary>Checks an initial state is (layers, B, H), or makes zeros.</summary>
    protected Tensor StateOrZeros(Tensor? state, int batch, string name)
    {
        if (state is null) return Torch.Zeros(NumLayers, batch, HiddenSize);
        if (state.Rank != 3 || state.Size(0) != NumLayers || state.Size(1) != batch || state.Size(2) != HiddenSize)
            throw new ArgumentException(
                $"{GetType().Name}: initial {name} of shape ({string.Join(", ", state.Shape)}) should be ({NumLayers}, {batch}, {HiddenSize}) = (layers, batch, hidden).");
        return state;
    }

    /// <summary>Dropout applied to a layer's output before the next layer, in training mode only.</summary>
    protected Tensor BetweenLayers(Tensor output, int layer)
        => layer < NumLayers - 1 ? Functional.Dropout(output, DropoutProbability, Training, Generator) : output;

    protected override string ExtraRepr()
        => $"{InputSize}, {HiddenSize}" + (NumLayers > 1 ? $", num_layers={NumLayers}" : "") +
           (_biasIh[0] is null ? ", bias=False" : "") + (DropoutProbability > 0 ? $", dropout={DropoutProbability}" : "") +
           ", batch_first=True";
}
