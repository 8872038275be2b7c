using RnnCourse.Tensors;

namespace RnnCourse.StateMachines;

/// <summary>
/// A recurrent neural network written as a state machine, the form chapter 1 introduces it in:
/// s_t = f_s(W^ss s_{t−1} + W^sx x_t + W^ss_0) and y_t = f_o(W^o s_t + W^o_0), with column vectors
/// s (m×1), x (l×1) and y (n×1). The weights are tensors, so a loss on the outputs can be back-propagated
/// to them (chapter 4); with identity activations it is an LTI system.
/// </summary>
/// <example>
/// <code>
/// // y_t = 0.5 x_t + 0.3 x_{t−1} + 0.2 x_{t−2}: the state remembers the last three inputs.
/// var rnn = new RnnStateMachine(
///     wss: FromRows([[0f, 0f, 0f], [1f, 0f, 0f], [0f, 1f, 0f]]),   // shift the memory down
///     wsx: FromArray([1f, 0f, 0f]),                                // x_t enters at the top
///     wss0: Zeros(3),
///     wo: FromArray([0.5f, 0.3f, 0.2f]),
///     wo0: Zeros(1));
/// rnn.Run(FromArray([1f, 2f, 3f])).Outputs                          // (3, 1): 0.5, 1.3, 2.3
/// </code>
/// </example>
public sealed class RnnStateMachine
{
    /// <param name="wss">W^ss, (m, m): how the previous state carries over.</param>
    /// <param name="wsx">W^sx, (m, l): how the input enters the state; a vector (m,) means one input (l = 1).</param>
    /// <param name="wss0">W^ss_0, (m, 1) or (m,): the state bias.</param>
    /// <param name="wo">W^o, (n, m): how the output reads the state; a vector (m,) means one output (n = 1).</param>
    /// <param name="wo0">W^o_0, (n, 1) or (n,): the output bias.</param>
    /// <param name="fs">f_s, the state activation; the identity when null.</param>
    /// <param name="fo">f_o, the output activation; the identity when null.</param>
    /// <param name="s0">s₀, (m, 1) or (m,); zeros when null.</param>
    /// <exception cref="ArgumentException">A weight's shape does not fit the others; the message names both shapes.</exception>
    public RnnStateMachine(Tensor wss, Tensor wsx, Tensor wss0, Tensor wo, Tensor wo0,
                           Func<Tensor, Tensor>? fs = null, Func<Tensor, Tensor>? fo = null, Tensor? s0 = null)
    {
        ArgumentNullException.ThrowIfNull(wss);
        ArgumentNullException.ThrowIfNull(wsx);
        ArgumentNullException.ThrowIfNull(wss0);
        ArgumentNullException.ThrowIfNull(wo);
        ArgumentNullException.ThrowIfNull(wo0);
        if (wss.Rank != 2 || wss.Shape[0] != wss.Shape[1])
            throw new ArgumentException($"W^ss must be a square matrix (m, m), but its shape is {Shape(wss)}.", nameof(wss));
        int m = wss.Shape[0];
        Wss = wss;
        Wsx = wsx.Rank == 1 ? wsx.Reshape(wsx.Shape[0], 1) : wsx;
        if (Wsx.Rank != 2 || Wsx.Shape[0] != m)
            throw new ArgumentException($"W^sx must be (m, l) with m = {m} (from W^ss {Shape(wss)}), but its shape is {Shape(wsx)}.", nameof(wsx));
        Wss0 = Column(wss0, m, "W^ss_0", nameof(wss0), $"m = {m} (from W^ss {Shape(wss)})");
        Wo = wo.Rank == 1 ? wo.Reshape(1, wo.Shape[0]) : wo;
        if (Wo.Rank != 2 || Wo.Shape[1] != m)
            throw new ArgumentException($"W^o must be (n, m) with m = {m} (from W^ss {Shape(wss)}), but its shape is {Shape(wo)}.", nameof(wo));
        Wo0 = Column(wo0, Wo.Shape[0], "W^o_0", nameof(wo0), $"n = {Wo.Shape[0]} (from W^o {Shape(Wo)})");
        S0 = s0 is null ? Tensors.Torch.Zeros(m, 1) : Column(s0, m, "s₀", nameof(s0), $"m = {m} (from W^ss {Shape(wss)})");
        Fs = fs ?? Activations.Identity;
        Fo = fo ?? Activations.Identity;
    }

    /// <summary>W^ss, (m, m).</summary>
    public Tensor Wss { get; }

    /// <summary>W^sx, (m, l).</summary>
    public Tensor Wsx { get; }

    /// <summary>W^ss_0, (m, 1).</summary>
    public Tensor Wss0 { get; }

    /// <summary>W^o, (n, m).</summary>
    public Tensor Wo { get; }

    /// <summary>W^o_0, (n, 1).</summary>
    public Tensor Wo0 { get; }

    /// <summary>f_s, the state activation.</summary>
    public Func<Tensor, Tensor> Fs { get; }

    /// <summary>f_o, the output activation.</summary>
    public Func<Tensor, Tensor> Fo { get; }

    /// <summary>s₀, (m, 1).</summary>
    public Tensor S0 { get; }

    /// <summary>m, the state size.</summary>
    public int StateSize => Wss.Shape[0];

    /// <summary>l, the input size.</summary>
    public int InputSize => Wsx.Shape[1];

    /// <summary>n, the output size.</summary>
    public int OutputSize => Wo.Shape[0];

    /// <summary>s_t = f_s(W^ss s_{t−1} + W^sx x_t + W^ss_0): <paramref name="state"/> (m, 1), <paramref name="input"/> (l, 1) or (l,) → (m, 1).</summary>
    public Tensor Step(Tensor state, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        var s = Column(state, StateSize, "The state", nameof(state), $"m = {StateSize}");
        var x = Column(input, InputSize, "The input x_t", nameof(input), $"l = {InputSize} (from W^sx {Shape(Wsx)})");
        return Fs(Wss.MatMul(s) + Wsx.MatMul(x) + Wss0); // (m, 1)
    }

    /// <summary>y_t = f_o(W^o s_t + W^o_0): <paramref name="state"/> (m, 1) → (n, 1).</summary>
    public Tensor Output(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = Column(state, StateSize, "The state", nameof(state), $"m = {StateSize}");
        return Fo(Wo.MatMul(s) + Wo0); // (n, 1)
    }

    /// <summary>
    /// Runs over the rows of <paramref name="inputs"/>, (T, l) (or (T,) when l = 1), from s₀: the states s₁…s_T
    /// as rows of a (T, m) tensor and the outputs y₁…y_T as rows of a (T, n) tensor.
    /// </summary>
    public RnnRun Run(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var xs = inputs.Rank == 1 && InputSize == 1 ? inputs.Reshape(inputs.Shape[0], 1) : inputs;
        if (xs.Rank != 2 || xs.Shape[1] != InputSize)
            throw new ArgumentException(
                $"The inputs must be (T, l) with l = {InputSize} (from W^sx {Shape(Wsx)}), one row per time step, but their shape is {Shape(inputs)}.",
                nameof(inputs));
        return Run(Enumerable.Range(0, xs.Shape[0]).Select(t => xs.Select(0, t)));
    }

    /// <summary>Runs over the inputs x₁…x_T, each (l, 1) or (l,), from s₀.</summary>
    public RnnRun Run(IEnumerable<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var states = new List<Tensor>();
        var outputs = new List<Tensor>();
        var s = S0;
        foreach (var x in inputs)
        {
            s = Step(s, x);                                 // (m, 1)
            states.Add(s.Reshape(StateSize));               // (m,)
            outputs.Add(Output(s).Reshape(OutputSize));     // (n,)
        }
        return new RnnRun(
            states.Count == 0 ? Tensors.Torch.Zeros(0, StateSize) : Tensors.Torch.Stack(states, 0),   // (T, m)
            outputs.Count == 0 ? Tensors.Torch.Zeros(0, OutputSize) : Tensors.Torch.Stack(outputs, 0)); // (T, n)
    }

    /// <summary>The network as a generic state machine over column tensors: f_s = <see cref="Step"/>, f_o = <see cref="Output"/>.</summary>
    public StateMachine<Tensor, Tensor, Tensor> AsStateMachine() => new(S0, Step, Output);

    private static Tensor Column(Tensor t, int size, string what, string parameter, string expected)
    {
        ArgumentNullException.ThrowIfNull(t, parameter);
        if (t.Rank == 1 && t.Shape[0] == size) return t.Reshape(size, 1);
        if (t.Rank == 2 && t.Shape[0] == size && t.Shape[1] == 1) return t;
        throw new ArgumentException($"{what} must be a column ({size}, 1) or a vector ({size},) with {expected}, but its shape is {Shape(t)}.", parameter);
    }

    private static string Shape(Tensor t) => "(" + string.Join(", ", t.Shape) + (t.Rank == 1 ? ",)" : ")");
}

/// <summary>What an <see cref="RnnStateMachine"/> computed over one sequence (chapter 1).</summary>
/// <param name="States">s₁…s_T as rows, (T, m).</param>
/// <param name="Outputs">y₁…y_T as rows, (T, n).</param>
public sealed record RnnRun(Tensor States, Tensor Outputs);
