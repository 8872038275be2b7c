using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// A stack of GRU layers over a sequence (torch.nn.GRU, batch_first), gates r, z, n with the reset gate
/// applied to (W_hn·h + b_hn): h_t = (1 − z)⊙n + z⊙h_{t−1}. Chapter 6.
/// </summary>
public sealed class Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(3, inputSize, hiddenSize, numLayers, bias, dropout, generator, foldsHiddenBias: false)
{
    /// <summary>x (B, T, in), h0 (layers, B, H) or null for zeros → output (B, T, H) of the last layer, h_n (layers, B, H).</summary>
    public (Tensor Output, Tensor H) Forward(Tensor x, Tensor? h0 = null) => WithHidden(Run(x, [h0]));

    private protected override (Tensor Output, Tensor[] Final) RunLayer(int k, Tensor? input, Tensor? projection, Tensor? bias, Tensor[] initial)
    {
        if (projection is not null)
        {
            var (output, h) = GruKernel.Forward(projection, bias, initial[0], WeightHh(k), BiasHh(k));
            return (output, [h]);
        }
        return Unrolled(input!, initial, (x, s) => [CellEquations.Gru(x, s[0], WeightIh(k), WeightHh(k), BiasIh(k), BiasHh(k))]);
    }
}
