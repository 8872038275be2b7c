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
    public (Tensor Output, Tensor H) Forward(Tensor x, Tensor? h0 = null)
    {
        var (batch, steps) = CheckInput(x);
        return Run(x, null, batch, steps, h0);
    }

    /// <summary>Token ids (B·T) looked up in <paramref name="embedding"/> and run through the layers (the embedding is folded into layer 0).</summary>
    internal (Tensor Output, Tensor H) Forward(Embedding embedding, IReadOnlyList<int> ids, int batch, int steps, Tensor? h0)
    {
        CheckIds(ids, batch, steps);
        return Fused ? Run(null, EmbeddingProjection(embedding, ids, batch, steps), batch, steps, h0)
                     : Run(embedding.Forward(ids, batch, steps), null, batch, steps, h0);
    }

    private (Tensor Output, Tensor H) Run(Tensor? x, Tensor? firstProjection, int batch, int steps, Tensor? h0)
    {
        Tensor hInit = StateOrZeros(h0, batch, "h0");
        Tensor input = x!;
        var finals = new Tensor[NumLayers];
        for (int k = 0; k < NumLayers; k++)
        {
            Tensor hk = hInit.Select(0, k); // (B, H)
            Tensor output;
            if (Fused)
                (output, finals[k]) = ElmanKernel.Forward(k == 0 && firstProjection is not null ? firstProjection : InputProjection(k, input),
                                                          hk, WeightHh(k), Nonlinearity);
            else
            {
                var hs = new Tensor[steps];
                for (int t = 0; t < steps; t++)
                    hk = hs[t] = CellEquations.Elman(input.Select(1, t), hk, WeightIh(k), WeightHh(k), BiasIh(k), BiasHh(k), Nonlinearity);
                (output, finals[k]) = (Tensor.Stack(hs, 1), hk);
            }
            input = BetweenLayers(output, k);
        }
        return (input, Tensor.Stack(finals, 0));
    }

    protected override string ExtraRepr() => base.ExtraRepr() + (Nonlinearity == Nonlinearity.Relu ? ", nonlinearity='relu'" : "");
}
