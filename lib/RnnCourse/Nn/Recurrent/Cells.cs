using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>The activation of an Elman unit: tanh (the default) or relu.</summary>
public enum Nonlinearity { Tanh, Relu }

/// <summary>
/// One step of each recurrent unit written with Tensor ops, exactly as PyTorch defines it. The cells and
/// the reference (unfused) path of the sequence layers both call these, so the tests compare the fused
/// kernels with the textbook equations.
/// </summary>
public static class CellEquations
{
    /// <summary>Elman: h' = f(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), f = tanh or relu.</summary>
    public static Tensor Elman(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, Nonlinearity f)
    {
        Tensor a = Functional.Linear(x, wIh, bIh) + Functional.Linear(h, wHh, bHh); // (B, H)
        return f == Nonlinearity.Tanh ? a.Tanh() : a.Relu();
    }

    /// <summary>
    /// LSTM, gate order i, f, g, o: [i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh;
    /// c' = σ(f)⊙c + σ(i)⊙tanh(g); h' = σ(o)⊙tanh(c').
    /// </summary>
    public static (Tensor H, Tensor C) Lstm(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh)
    {
        Tensor gates = Functional.Linear(x, wIh, bIh) + Functional.Linear(h, wHh, bHh); // (B, 4H)
        Tensor[] ifgo = gates.Chunk(4, -1);
        Tensor i = ifgo[0].Sigmoid(), f = ifgo[1].Sigmoid(), g = ifgo[2].Tanh(), o = ifgo[3].Sigmoid();
        Tensor cNext = f * c + i * g; // (B, H)
        return (o * cNext.Tanh(), cNext);
    }

    /// <summary>
    /// GRU, gate order r, z, n, with the reset gate applied to (W_hn·h + b_hn) as in PyTorch:
    /// r = σ(W_ir x + b_ir + W_hr h + b_hr); z = σ(W_iz x + b_iz + W_hz h + b_hz);
    /// n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)); h' = (1 − z)⊙n + z⊙h.
    /// </summary>
    public static Tensor Gru(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh)
    {
        Tensor[] gi = Functional.Linear(x, wIh, bIh).Chunk(3, -1); // 3 × (B, H)
        Tensor[] gh = Functional.Linear(h, wHh, bHh).Chunk(3, -1);
        Tensor r = (gi[0] + gh[0]).Sigmoid(), z = (gi[1] + gh[1]).Sigmoid();
        Tensor n = (gi[2] + r * gh[2]).Tanh();
        return (1f - z) * n + z * h;
    }
}

/// <summary>Shared construction of a single-step cell: weight_ih (gates·H, in), weight_hh (gates·H, H), biases; U(−1/√H, 1/√H) (<see cref="Init.UniformInverseSqrt"/>).</summary>
public abstract class RecurrentCell : Module
{
    protected RecurrentCell(int gates, int inputSize, int hiddenSize, bool bias, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"{GetType().Name}({inputSize}, {hiddenSize}): sizes must be positive.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Tensor Uniform(params int[] shape) => Init.UniformInverseSqrt(Torch.Zeros(shape), hiddenSize, generator);
        WeightIh = RegisterParameter("weight_ih", Uniform(gates * hiddenSize, inputSize));
        WeightHh = RegisterParameter("weight_hh", Uniform(gates * hiddenSize, hiddenSize));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Uniform(gates * hiddenSize));
            BiasHh = RegisterParameter("bias_hh", Uniform(gates * hiddenSize));
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public Parameter WeightIh { get; }
    public Parameter WeightHh { get; }
    public Parameter? BiasIh { get; }
    public Parameter? BiasHh { get; }

    /// <summary>Checks x is (B, in) and the state (B, H); a missing state is zeros.</summary>
    protected Tensor StateOrZeros(Tensor x, Tensor? state, string name)
    {
        if (x.Rank != 2 || x.Size(1) != InputSize)
            throw new ArgumentException($"{GetType().Name}: input of shape ({string.Join(", ", x.Shape)}) should be (batch, {InputSize}).");
        if (state is null) return Torch.Zeros(x.Size(0), HiddenSize);
        if (state.Rank != 2 || state.Size(0) != x.Size(0) || state.Size(1) != HiddenSize)
            throw new ArgumentException(
                $"{GetType().Name}: {name} of shape ({string.Join(", ", state.Shape)}) should be ({x.Size(0)}, {HiddenSize}) = (batch, hidden).");
        return state;
    }

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}" + (BiasIh is null ? ", bias=False" : "");
}

/// <summary>An Elman unit for one time step (torch.nn.RNNCell): h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). Chapter 3.</summary>
public sealed class ElmanCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true, Generator? generator = null)
    : RecurrentCell(1, inputSize, hiddenSize, bias, generator)
{
    public Nonlinearity Nonlinearity { get; } = nonlinearity;

    /// <summary>x (B, in), h (B, H) or null for zeros → h' (B, H).</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
        => CellEquations.Elman(x, StateOrZeros(x, h, "h"), WeightIh, WeightHh, BiasIh, BiasHh, Nonlinearity);
}

/// <summary>An LSTM unit for one time step (torch.nn.LSTMCell), gates i, f, g, o. Chapter 6.</summary>
public sealed class LstmCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
    : RecurrentCell(4, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x (B, in), state (h, c) each (B, H) or null for zeros → (h', c').</summary>
    public (Tensor H, Tensor C) Forward(Tensor x, (Tensor H, Tensor C)? state = null)
        => CellEquations.Lstm(x, StateOrZeros(x, state?.H, "h"), StateOrZeros(x, state?.C, "c"), WeightIh, WeightHh, BiasIh, BiasHh);
}

/// <summary>A GRU unit for one time step (torch.nn.GRUCell), gates r, z, n. Chapter 6.</summary>
public sealed class GruCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
    : RecurrentCell(3, inputSize, hiddenSize, bias, generator)
{
    /// <summary>x (B, in), h (B, H) or null for zeros → h' (B, H).</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
        => CellEquations.Gru(x, StateOrZeros(x, h, "h"), WeightIh, WeightHh, BiasIh, BiasHh);
}
