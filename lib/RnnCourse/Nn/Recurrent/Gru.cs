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
                (output, finals[k]) = GruKernel.Forward(k == 0 && firstProjection is not null ? firstProjection : InputProjection(k, input),
                                                        hk, WeightHh(k), BiasHh(k));
            else
            {
                var hs = new Tensor[steps];
                for (int t = 0; t < steps; t++)
                    hk = hs[t] = CellEquations.Gru(input.Select(1, t), hk, WeightIh(k), WeightHh(k), BiasIh(k), BiasHh(k));
                (output, finals[k]) = (Tensor.Stack(hs, 1), hk);
            }
            input = BetweenLayers(output, k);
        }
        return (input, Tensor.Stack(finals, 0));
    }
}
