using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// One GRU layer over a whole sequence as a single autograd op (gate order r, z, n; reset applied to
/// W_hn·h + b_hn as in PyTorch). The input projections of all steps are one GEMM; per step one GEMM
/// gives h_{t−1}·W_hhᵀ + b_hh, kept apart because n needs its third block multiplied by r.
/// </summary>
internal static class GruKernel
{
    /// <summary>x (B, T, in), h0 (B, H) → outputs (B, T, H) and h_T (B, H).</summary>
    public static (Tensor Output, Tensor H) Forward(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh)
    {
        int batch = x.Size(0), steps = x.Size(1), hidden = wHh.Size(1), width = 3 * hidden;
        float[] gi = SequenceKernel.InputProjection(x, wIh, bIh, bHh, addBhh: false); // (B·T, 3H); then r, z, n in place
        var gh = new float[gi.Length];                                                    // (B·T, 3H): h_{t−1}·W_hhᵀ + b_hh
        var hs = new float[batch * steps * hidden];
        for (int t = 0; t < steps; t++)
        {
            if (bHh is not null)
                for (int b = 0; b < batch; b++) bHh.Data.AsSpan().CopyTo(gh.AsSpan((b * steps + t) * width));
            ReadOnlySpan<float> hPrevAll = t == 0 ? h0.Data : hs.AsSpan((t - 1) * hidden);
            SequenceKernel.Recurrence(hPrevAll, t == 0 ? hidden : steps * hidden, wHh, gh.AsSpan(t * width), steps * width, batch,
                                      accumulate: bHh is not null);
            for (int b = 0; b < batch; b++)
            {
                int row = b * steps + t;
                Span<float> g = gi.AsSpan(row * width, width);
                ReadOnlySpan<float> ghRow = gh.AsSpan(row * width, width);
                ReadOnlySpan<float> hPrev = t == 0 ? h0.Data.AsSpan(b * hidden, hidden) : hs.AsSpan((row - 1) * hidden, hidden);
                Span<float> rz = g[..(2 * hidden)], n = g[(2 * hidden)..];
                TensorPrimitives.Add(rz, ghRow[..(2 * hidden)], rz);
                TensorPrimitives.Sigmoid(rz, rz);                                          // r, z
                TensorPrimitives.MultiplyAdd(g[..hidden], ghRow[(2 * hidden)..], n, n);    // x·W_inᵀ + b_in + r ⊙ (W_hn h + b_hn)
                TensorPrimitives.Tanh(n, n);
                Span<float> h = hs.AsSpan(row * hidden, hidden);                           // h = n + z ⊙ (h_{t−1} − n)
                TensorPrimitives.Subtract(hPrev, n, h);
                TensorPrimitives.MultiplyAdd(g.Slice(hidden, hidden), h, n, h);
            }
        }
        var output = new Tensor(hs, batch, steps, hidden);
        Tensor?[] maybe = [x, h0, wIh, wHh, bIh, bHh];
        Tensor[] inputs = maybe.OfType<Tensor>().ToArray();
        if (Tensor.Tracks(inputs))
            output.Record("GruBackward", inputs, dOutput => Backward(dOutput.Data, x, h0, wIh, wHh, bIh, bHh, gi, gh, hs));
        return (output, output.Select(1, steps - 1));
    }

    private static void Backward(float[] dOutput, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh,
                                 float[] gates, float[] gh, float[] hs)
    {
        int batch = x.Size(0), steps = x.Size(1), hidden = wHh.Size(1), width = 3 * hidden;
        var dGi = new float[gates.Length]; // ∂ of the pre-activations through the input side
        var dGh = new float[gates.Length]; // ∂ of h·W_hhᵀ + b_hh (differs from dGi in the n block: times r)
        var dh = new float[batch * hidden];
        var dht = new float[hidden];
        var tmp = new float[hidden];
        for (int t = steps - 1; t >= 0; t--)
        {
            for (int b = 0; b < batch; b++)
            {
                int row = b * steps + t;
                ReadOnlySpan<float> g = gates.AsSpan(row * width, width);
                ReadOnlySpan<float> r = g[..hidden], z = g.Slice(hidden, hidden), n = g[(2 * hidden)..];
                ReadOnlySpan<float> hPrev = t == 0 ? h0.Data.AsSpan(b * hidden, hidden) : hs.AsSpan((row - 1) * hidden, hidden);
                ReadOnlySpan<float> ghN = gh.AsSpan(row * width + 2 * hidden, hidden);
                Span<float> di = dGi.AsSpan(row * width, width), dhh = dGh.AsSpan(row * width, width);
                Span<float> dhB = dh.AsSpan(b * hidden, hidden);

                TensorPrimitives.Add(dOutput.AsSpan(row * hidden, hidden), dhB, dht);   // ∂h_t
                TensorPrimitives.Subtract(1f, z, tmp);                                  // ∂n = ∂h ⊙ (1 − z)
                TensorPrimitives.Multiply(tmp, dht, tmp);
                SequenceKernel.TanhBackward(n, tmp, di[(2 * hidden)..]);                // ∂a_n
                TensorPrimitives.Multiply(di[(2 * hidden)..], r, dhh[(2 * hidden)..]);  // ∂(W_hn h + b_hn) = ∂a_n ⊙ r
                TensorPrimitives.Multiply(di[(2 * hidden)..], ghN, tmp);                // ∂r = ∂a_n ⊙ (W_hn h + b_hn)
                SequenceKernel.SigmoidBackward(r, tmp, di[..hidden]);
                TensorPrimitives.Subtract(hPrev, n, tmp);                               // ∂z = ∂h ⊙ (h_{t−1} − n)
                TensorPrimitives.Multiply(tmp, dht, tmp);
                SequenceKernel.SigmoidBackward(z, tmp, di.Slice(hidden, hidden));
                di[..(2 * hidden)].CopyTo(dhh);
                TensorPrimitives.Multiply(dht, z, dhB);                                 // direct path ∂h_{t−1} = ∂h ⊙ z
            }
            // ∂h_{t−1} += dGh[:, t]·W_hh, onto the direct path
            SequenceKernel.RecurrenceBackward(dGh.AsSpan(t * width), steps * width, wHh, dh, batch, accumulate: true);
        }
        h0.AccumulateGradOwned(dh);
        float[] hPrevAll = SequenceKernel.PreviousStates(hs, h0.Data, batch, steps, hidden);
        SequenceKernel.ParameterGradients(x, wIh, wHh, bIh, bHh, dGi, dGh, hPrevAll);
    }
}
