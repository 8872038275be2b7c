using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>The LSTM's gate blocks in PyTorch's order: rows [k·H, (k+1)·H) of weight_ih, weight_hh and both biases belong to gate k.</summary>
public enum LstmGate { Input = 0, Forget = 1, Cell = 2, Output = 3 }

/// <summary>The GRU's gate blocks in PyTorch's order: reset r, update z, new (candidate) n.</summary>
public enum GruGate { Reset = 0, Update = 1, New = 2 }

/// <summary>
/// Reads and sets one gate's bias. PyTorch keeps two biases per layer, b_ih and b_hh, and a gate's
/// pre-activation adds both, so "the forget-gate bias" is b_if + b_hf. <see cref="Set(Lstm, LstmGate, float)"/>
/// puts the whole value in b_ih and zeroes the block of b_hh, so the sum is exactly the value asked for —
/// e.g. b_f = 1 (Gers et al. 2000; Jozefowicz et al. 2015), or the chrono initialisation b_f = ln T,
/// b_i = −b_f (Tallec and Ollivier 2018), which makes a fresh LSTM keep its cell for about T steps.
/// For the GRU's new gate, b_hn sits inside r ⊙ (W_hn·h + b_hn), so setting <see cref="GruGate.New"/>
/// moves that bias outside the reset gate. Chapter 6.
/// </summary>
public static class GateBias
{
    /// <summary>Sets b_ih = <paramref name="value"/> and b_hh = 0 in <paramref name="gate"/>'s block of every layer.</summary>
    public static void Set(Lstm lstm, LstmGate gate, float value) => Set((RecurrentLayer)lstm, (int)gate, value);

    /// <summary>Sets b_ih = <paramref name="value"/> and b_hh = 0 in <paramref name="gate"/>'s block of every layer.</summary>
    public static void Set(Gru gru, GruGate gate, float value) => Set((RecurrentLayer)gru, (int)gate, value);

    /// <summary>Sets b_ih = <paramref name="value"/> and b_hh = 0 in <paramref name="gate"/>'s block.</summary>
    public static void Set(LstmCell cell, LstmGate gate, float value) => Set(cell, (int)gate, value);

    /// <summary>Sets b_ih = <paramref name="value"/> and b_hh = 0 in <paramref name="gate"/>'s block.</summary>
    public static void Set(GruCell cell, GruGate gate, float value) => Set(cell, (int)gate, value);

    /// <summary>The gate's total bias b_ih + b_hh of layer <paramref name="layer"/>, shape (H).</summary>
    public static Tensor Get(Lstm lstm, LstmGate gate, int layer = 0) => Get((RecurrentLayer)lstm, (int)gate, layer);

    /// <summary>The gate's total bias b_ih + b_hh of layer <paramref name="layer"/>, shape (H).</summary>
    public static Tensor Get(Gru gru, GruGate gate, int layer = 0) => Get((RecurrentLayer)gru, (int)gate, layer);

    private static void Set(RecurrentLayer layer, int gate, float value)
    {
        for (int k = 0; k < layer.NumLayers; k++)
            Fill(layer.BiasIh(k), layer.BiasHh(k), gate, layer.HiddenSize, value, layer.GetType().Name);
    }

    private static void Set(RecurrentCell cell, int gate, float value)
        => Fill(cell.BiasIh, cell.BiasHh, gate, cell.HiddenSize, value, cell.GetType().Name);

    private static void Fill(Tensor? bIh, Tensor? bHh, int gate, int hidden, float value, string owner)
    {
        if (bIh is null || bHh is null)
            throw new InvalidOperationException($"{owner} was built with bias: false, so it has no gate bias to set; build it with bias: true.");
        bIh.Data.AsSpan(gate * hidden, hidden).Fill(value);
        bHh.Data.AsSpan(gate * hidden, hidden).Clear();
    }

    private static Tensor Get(RecurrentLayer layer, int gate, int index)
    {
        if ((uint)index >= (uint)layer.NumLayers)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{layer.GetType().Name} has {layer.NumLayers} layer(s): 0..{layer.NumLayers - 1}.");
        int h = layer.HiddenSize;
        var sum = new float[h];
        if (layer.BiasIh(index) is { } bIh && layer.BiasHh(index) is { } bHh)
            System.Numerics.Tensors.TensorPrimitives.Add(bIh.Data.AsSpan(gate * h, h), bHh.Data.AsSpan(gate * h, h), sum);
        return new Tensor(sum, h);
    }
}
