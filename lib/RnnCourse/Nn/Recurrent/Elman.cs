using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// A stack of Elman layers over a sequence (torch.nn.RNN, batch_first): h_t = f(x_t·W_ihᵀ + b_ih +
/// h_{t−1}·W_hhᵀ + b_hh) with f = tanh or relu. Chapter 3 builds it from <see cref="ElmanCell"/>.
/// </summary>
public sealed class Elman(int inputSize, int hiddenSize, int numLayers = 1, Nonlinearity nonlinearity = Nonlinearity.Tanh,
                          bool bias = true, float dropout = 0f, Generator? generator = null)
    : RecurrentLayer(1, inputSize, hiddenSize, numLayers, bias, dropout, generator, foldsHiddenBias: true)
{
    public Nonlinearity Nonlinearity { get; } = nonlinearity;

    /// <summary>x (B, T, in), h0 (layers, B, H) or null for zeros → output (B, T, H) of the last layer, h_n (layers, B, H).</summary>
    public (Tensor Output, Tensor H) Forward(Tensor x, Tensor? h0 = null) => WithHidden(Run(x, [h0]));

    private protected override (Tensor Output, Tensor[] Final) RunLayer(int k, Tensor? input, Tensor? projection, Tensor? bias, Tensor[] initial)
    {
        if (projection is not null)
        {
            var (output, h) = ElmanKernel.Forward(projection, bias, initial[0], WeightHh(k), Nonlinearity);
            return (output, [h]);
        }
        return Unrolled(input!, initial, (x, s) => [CellEquations.Elman(x, s[0], WeightIh(k), WeightHh(k), BiasIh(k), BiasHh(k), Nonlinearity)]);
    }

    protected override string ExtraRepr() => base.ExtraRepr() + (Nonlinearity == Nonlinearity.Relu ? ", nonlinearity='relu'" : "");
}
