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
        var (batch, steps) = CheckInput(x);
        return Run(x, null, batch, steps, state);
    }

    /// <summary>Token ids (B·T) looked up in <paramref name="embedding"/> and run through the layers (the embedding is folded into layer 0).</summary>
    internal (Tensor Output, (Tensor H, Tensor C) State) Forward(Embedding embedding, IReadOnlyList<int> ids, int batch, int steps,
                                                                (Tensor H, Tensor C)? state)
    {
        CheckIds(ids, batch, steps);
        return Fused ? Run(null, EmbeddingProjection(embedding, ids, batch, steps), batch, steps, state)
                     : Run(embedding.Forward(ids, batch, steps), null, batch, steps, state);
    }

    private (Tensor Output, (Tensor H, Tensor C) State) Run(Tensor? x, Tensor? firstProjection, int batch, int steps, (Tensor H, Tensor C)? state)
    {
        Tensor h0 = StateOrZeros(state?.H, batch, "h0"), c0 = StateOrZeros(state?.C, batch, "c0");
        Tensor input = x!;
        var hn = new Tensor[NumLayers];
        var cn = new Tensor[NumLayers];
        for (int k = 0; k < NumLayers; k++)
        {
            Tensor h = h0.Select(0, k), c = c0.Select(0, k); // (B, H)
            Tensor output;
            if (Fused)
                (output, hn[k], cn[k]) = LstmKernel.Forward(k == 0 && firstProjection is not null ? firstProjection : InputProjection(k, input),
                                                            h, c, WeightHh(k));
            else
            {
                var hs = new Tensor[steps];
                for (int t = 0; t < steps; t++)
                {
                    (h, c) = CellEquations.Lstm(input.Select(1, t), h, c, WeightIh(k), WeightHh(k), BiasIh(k), BiasHh(k));
                    hs[t] = h;
                }
                (output, hn[k], cn[k]) = (Tensor.Stack(hs, 1), h, c);
            }
            input = BetweenLayers(output, k);
        }
        return (input, (Tensor.Stack(hn, 0), Tensor.Stack(cn, 0)));
    }
}
