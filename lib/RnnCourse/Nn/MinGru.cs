using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// What minGRU and minLSTM share (Feng et al., 2024, "Were RNNs All We Needed?"): gates computed from x_t alone, so
/// that the state follows the linear recurrence h_t = a_t ⊙ h_{t−1} + b_t with a_t, b_t known for every t at once.
/// <see cref="Parallel"/> picks how it is evaluated: Heinsen's log-space scan (<see cref="Functional.ParallelScanLog"/>,
/// the default) or the loop of tensor ops (<see cref="Functional.SequentialScan"/>). Both compute the same h.
/// The state is positive (the candidate goes through g), so a state carried in must be positive too. Chapter 10.
/// </summary>
public abstract class MinRecurrentLayer : Module
{
    private protected MinRecurrentLayer(int inputSize, int hiddenSize)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"{GetType().Name}(input={inputSize}, hidden={hiddenSize}): sizes must be positive.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    public int InputSize { get; }
    public int HiddenSize { get; }

    /// <summary>True (default): the log-space parallel scan. False: the sequential loop of tensor ops (the reference).</summary>
    public bool Parallel { get; set; } = true;

    /// <summary>log a_t and log b_t, each (B, T, H), from x (B, T, in): the parallel form.</summary>
    protected abstract (Tensor LogA, Tensor LogB) LogCoefficients(Tensor x);

    /// <summary>a_t and b_t, each (B, T, H), from x (B, T, in): the sequential form, written as the paper writes it.</summary>
    protected abstract (Tensor A, Tensor B) Coefficients(Tensor x);

    /// <summary>
    /// x (B, T, in) and the state h0 (B, H; positive, or null for zeros) → every h_t (B, T, H) and the last one (B, H).
    /// </summary>
    public (Tensor Output, Tensor H) Forward(Tensor x, Tensor? h0 = null)
    {
        if (x.Rank != 3 || x.Size(2) != InputSize)
            throw new ArgumentException($"{GetType().Name}: input of shape ({string.Join(", ", x.Shape)}) should be (batch, seq, {InputSize}) — batch-first.");
        if (x.Size(1) == 0) throw new ArgumentException($"{GetType().Name}: the input sequence is empty (seq = 0).");
        if (h0 is not null && (h0.Rank != 2 || h0.Size(0) != x.Size(0) || h0.Size(1) != HiddenSize))
            throw new ArgumentException(
                $"{GetType().Name}: initial h0 of shape ({string.Join(", ", h0.Shape)}) should be ({x.Size(0)}, {HiddenSize}) = (batch, hidden).");
        Tensor output;
        if (Parallel)
        {
            var (logA, logB) = LogCoefficients(x);                      // (B, T, H) each
            output = Functional.ParallelScanLog(logA, logB, h0?.Log());  // (B, T, H)
        }
        else
        {
            var (a, b) = Coefficients(x);                               // (B, T, H) each
            output = Functional.SequentialScan(a, b, h0);               // (B, T, H)
        }
        return (output, output.Select(1, -1));                          // (B, T, H), (B, H)
    }

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}, parallel={Parallel}";
}

/// <summary>
/// minGRU: z_t = σ(W_z x_t + b_z), h̃_t = g(W_h x_t + b_h), h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t — a GRU whose
/// update gate and candidate no longer see h_{t−1}, without the reset gate and the tanh. g(x) = x + ½ (x ≥ 0),
/// σ(x) (x &lt; 0) keeps h positive. In log space: log a = −softplus(k), log b = −softplus(−k) + log g(h̃)
/// with k = W_z x + b_z. 2·H·(in + 1) parameters: at in = H, a third of a GRU layer's 3·H·(in + H + 2). Chapter 10.
/// </summary>
public sealed class MinGru : MinRecurrentLayer
{
    public MinGru(int inputSize, int hiddenSize, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        LinearZ = RegisterModule("linear_z", new Linear(inputSize, hiddenSize, generator: generator));
        LinearH = RegisterModule("linear_h", new Linear(inputSize, hiddenSize, generator: generator));
    }

    /// <summary>The update gate's pre-activation k = W_z x + b_z.</summary>
    public Linear LinearZ { get; }

    /// <summary>The candidate's pre-activation W_h x + b_h.</summary>
    public Linear LinearH { get; }

    protected override (Tensor LogA, Tensor LogB) LogCoefficients(Tensor x)
    {
        // log a = −softplus(k) = log(1 − z), log b = −softplus(−k) + log g(W_h x + b_h) = log z + log h̃, fused.
        return Functional.MinGruLogCoefficients(LinearZ.Forward(x), LinearH.Forward(x)); // (B, T, H) each
    }

    protected override (Tensor A, Tensor B) Coefficients(Tensor x)
    {
        Tensor z = LinearZ.Forward(x).Sigmoid();                           // (B, T, H)
        Tensor candidate = Functional.G(LinearH.Forward(x));               // h̃ (B, T, H)
        return (1f - z, z * candidate);
    }
}

/// <summary>
/// minLSTM: f_t = σ(W_f x_t + b_f), i_t = σ(W_i x_t + b_i), h̃_t = g(W_h x_t + b_h), and with the gates normalised,
/// f′ = f / (f + i), i′ = i / (f + i): h_t = f′_t ⊙ h_{t−1} + i′_t ⊙ h̃_t — an LSTM without the output gate, the
/// cell/state split and the tanh, whose gates no longer see h_{t−1}. In log space, with
/// δ = softplus(−k_f) − softplus(−k_i): log f′ = −softplus(δ), log i′ = −softplus(−δ). 3·H·(in + 1) parameters. Chapter 10.
/// </summary>
public sealed class MinLstm : MinRecurrentLayer
{
    public MinLstm(int inputSize, int hiddenSize, Generator? generator = null) : base(inputSize, hiddenSize)
    {
        LinearF = RegisterModule("linear_f", new Linear(inputSize, hiddenSize, generator: generator));
        LinearI = RegisterModule("linear_i", new Linear(inputSize, hiddenSize, generator: generator));
        LinearH = RegisterModule("linear_h", new Linear(inputSize, hiddenSize, generator: generator));
    }

    public Linear LinearF { get; }
    public Linear LinearI { get; }
    public Linear LinearH { get; }

    protected override (Tensor LogA, Tensor LogB) LogCoefficients(Tensor x)
    {
        // δ = softplus(−k_f) − softplus(−k_i), log f′ = −softplus(δ), log b = −softplus(−δ) + log h̃, fused.
        return Functional.MinLstmLogCoefficients(LinearF.Forward(x), LinearI.Forward(x), LinearH.Forward(x)); // (B, T, H) each
    }

    protected override (Tensor A, Tensor B) Coefficients(Tensor x)
    {
        Tensor f = LinearF.Forward(x).Sigmoid(), i = LinearI.Forward(x).Sigmoid(); // (B, T, H) each
        Tensor total = f + i;
        return (f / total, i / total * Functional.G(LinearH.Forward(x)));
    }
}
