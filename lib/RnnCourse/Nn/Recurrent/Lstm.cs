using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// A stack of LSTM layers over a sequence (torch.nn.LSTM, batch_first), gates i, f, g, o:
/// c_t = σ(f)⊙c_{t−1} + σ(i)⊙tanh(g), h_t = σ(o)⊙tanh(c_t). Chapter 6.
/// </summary>
public sealed class Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(4, inputSize, hiddenSize, numLayers, bias, dropout, generator, foldsHiddenBias: true)
{
    /// <summary>x (B, T, in), state (h0, c0) each (layers, B, H) or null for zeros →
    /// output (B, T, H) of the last layer and (h_n, c_n) each (layers, B, H).</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor x, (Tensor H, Tensor C)? state = null)
    {
        var (output, final) = Run(x, [state?.H, state?.C]);
        return (output, (final[0], final[1]));
    }

    private protected override (Tensor Output, Tensor[] Final) RunLayer(int k, Tensor? input, Tensor? projection, Tensor? bias, Tensor[] initial)
    {
        if (projection is not null)
        {
            var (output, h, c) = LstmKernel.Forward(projection, bias, initial[0], initial[1], WeightHh(k));
            return (output, [h, c]);
        }
        return Unrolled(input!, initial, (x, s) =>
        {
            var (h, c) = CellEquations.Lstm(x, s[0], s[1], WeightIh(k), WeightHh(k), BiasIh(k), BiasHh(k));
            return [h, c];
        });
    }
}
