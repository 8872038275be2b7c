using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Nn;

/// <summary>
/// The recurrence of one LSTM layer over a whole sequence as a single autograd op. Its input is the
/// projection x·W_ihᵀ + b_ih + b_hh of every step, computed beforehand as one GEMM; per step it adds
/// h_{t−1}·W_hhᵀ (one GEMM) and does the gate arithmetic in one pass. Backward through time reuses the
/// saved gate activations and cell states; ∂ of the projection is the gates' gradient itself.
/// </summary>
internal static class LstmKernel
{
    /// <summary>
    /// projection (B, T, 4H) — overwritten: pass a fresh tensor —, h0 and c0 (B, H) → outputs (B, T, H),
    /// h_T and c_T (B, H).
    /// </summary>
    public static (Tensor Output, Tensor H, Tensor C) Forward(Tensor projection, Tensor h0, Tensor c0, Tensor wHh)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1), width = 4 * hidden;
        int stateSize = batch * steps * hidden;
        float[] gates = projection.Data; // (B·T, 4H): pre-activations, then the activated gates in place
        // Every element of these is written below, so they come from the pool uninitialised.
        float[] packed = BufferPool.Rent(stateSize + batch * hidden); // [h_1..h_T for each b | c_T]
        float[] cells = BufferPool.Rent(stateSize);                   // c_t
        float[] tanhCells = BufferPool.Rent(stateSize);               // tanh(c_t)

        var split = StepSplit.For(batch, hidden, 4);
        PackedMatrix? packedWhh = SequenceKernel.PackRecurrentWeight(wHh, split);
        float[] h0Data = h0.Data, c0Data = c0.Data;
        for (int t = 0; t < steps; t++)
        {
            int step = t;
            Parallelism.For(split.Chunks, chunk =>
            {
                var (row0, rows, u0, count) = split.Part(chunk);
                if (step == 0) SequenceKernel.Recurrence(h0Data, 0, hidden, wHh, packedWhh, gates, 0, steps * width, row0, rows, u0, count, accumulate: true);
                else SequenceKernel.Recurrence(packed, (step - 1) * hidden, steps * hidden, wHh, packedWhh, gates, step * width, steps * width, row0, rows, u0, count, accumulate: true);
                for (int b = row0; b < row0 + rows; b++)
                {
                    int row = b * steps + step;
                    Span<float> g = gates.AsSpan(row * width, width);
                    Span<float> i = g.Slice(u0, count), f = g.Slice(hidden + u0, count), gg = g.Slice(2 * hidden + u0, count), o = g.Slice(3 * hidden + u0, count);
                    TensorPrimitives.Sigmoid(i, i);
                    TensorPrimitives.Sigmoid(f, f);
                    TensorPrimitives.Tanh(gg, gg);
                    TensorPrimitives.Sigmoid(o, o);
                    ReadOnlySpan<float> cPrev = step == 0 ? c0Data.AsSpan(b * hidden + u0, count) : cells.AsSpan((row - 1) * hidden + u0, count);
                    Span<float> c = cells.AsSpan(row * hidden + u0, count), tc = tanhCells.AsSpan(row * hidden + u0, count);
                    TensorPrimitives.Multiply(f, cPrev, c);                                             // f ⊙ c_{t−1}
                    TensorPrimitives.MultiplyAdd(i, gg, c, c);                                          // + i ⊙ g
                    TensorPrimitives.Tanh(c, tc);
                    TensorPrimitives.Multiply(o, tc, packed.AsSpan(row * hidden + u0, count));          // h = o ⊙ tanh(c)
                }
            });
        }
        packedWhh?.Dispose();
        for (int b = 0; b < batch; b++)
            cells.AsSpan(((b + 1) * steps - 1) * hidden, hidden).CopyTo(packed.AsSpan(stateSize + b * hidden));

        var result = new Tensor(packed, packed.Length);
        Tensor[] inputs = [projection, h0, c0, wHh];
        // The projection, the saved activations and the packed result are read by nothing after backward.
        void Recycle()
        {
            foreach (float[] buffer in (float[][])[gates, cells, tanhCells, packed]) BufferPool.Return(buffer);
        }
        bool tracked = Tensor.Tracks(inputs);
        if (tracked)
            result.Record("LstmBackward", inputs, dPacked =>
                Backward(dPacked.Data, projection, h0, c0, wHh, gates, cells, tanhCells, packed), Recycle);
        Tensor output = SequenceKernel.Part(result, 0, batch, steps, hidden);
        var parts = (output, output.Select(1, steps - 1), SequenceKernel.Part(result, stateSize, batch, hidden));
        if (!tracked) Recycle(); // the parts are copies
        return parts;
    }

    private static void Backward(float[] dPacked, Tensor projection, Tensor h0, Tensor c0, Tensor wHh,
                                 float[] gates, float[] cells, float[] tanhCells, float[] hs)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1), width = 4 * hidden;
        int stateSize = batch * steps * hidden;
        float[] dGates = BufferPool.Rent(gates.Length);           // every element written step by step
        float[] dh = BufferPool.RentCleared(batch * hidden);      // ∂L/∂h_t from step t+1
        float[] dc = dPacked.AsSpan(stateSize).ToArray();          // ∂L/∂c_t, starting from c_T's gradient
        var split = StepSplit.For(batch, hidden, 4);
        float[] c0Data = c0.Data;
        using PackedMatrix? packedWhh = SequenceKernel.PackForBackward(wHh);
        for (int t = steps - 1; t >= 0; t--)
        {
            int step = t;
            Parallelism.For(split.Chunks, chunk =>
            {
                var (row0, rows, u0, count) = split.Part(chunk);
                Span<float> dht = stackalloc float[count], dct = stackalloc float[count], tmp = stackalloc float[count];
                for (int b = row0; b < row0 + rows; b++)
                {
                    int row = b * steps + step;
                    ReadOnlySpan<float> g = gates.AsSpan(row * width, width);
                    ReadOnlySpan<float> i = g.Slice(u0, count), f = g.Slice(hidden + u0, count), gg = g.Slice(2 * hidden + u0, count), o = g.Slice(3 * hidden + u0, count);
                    ReadOnlySpan<float> tc = tanhCells.AsSpan(row * hidden + u0, count);
                    ReadOnlySpan<float> cPrev = step == 0 ? c0Data.AsSpan(b * hidden + u0, count) : cells.AsSpan((row - 1) * hidden + u0, count);
                    Span<float> dg = dGates.AsSpan(row * width, width);
                    Span<float> dcB = dc.AsSpan(b * hidden + u0, count);

                    TensorPrimitives.Add(dPacked.AsSpan(row * hidden + u0, count), dh.AsSpan(b * hidden + u0, count), dht); // ∂h_t
                    TensorPrimitives.Multiply(dht, tc, tmp);                                   // ∂o = ∂h ⊙ tanh c
                    SequenceKernel.SigmoidBackward(o, tmp, dg.Slice(3 * hidden + u0, count));
                    TensorPrimitives.Multiply(dht, o, tmp);                                    // ∂c = ∂c_next + ∂h ⊙ o ⊙ (1 − tanh² c)
                    SequenceKernel.TanhBackward(tc, tmp, dct);
                    TensorPrimitives.Add(dct, dcB, dct);
                    TensorPrimitives.Multiply(dct, gg, tmp);                                   // ∂i = ∂c ⊙ g
                    SequenceKernel.SigmoidBackward(i, tmp, dg.Slice(u0, count));
                    TensorPrimitives.Multiply(dct, cPrev, tmp);                                // ∂f = ∂c ⊙ c_{t−1}
                    SequenceKernel.SigmoidBackward(f, tmp, dg.Slice(hidden + u0, count));
                    TensorPrimitives.Multiply(dct, i, tmp);                                    // ∂g = ∂c ⊙ i
                    SequenceKernel.TanhBackward(gg, tmp, dg.Slice(2 * hidden + u0, count));
                    TensorPrimitives.Multiply(dct, f, dcB);                                    // ∂c_{t−1} = ∂c ⊙ f
                }
            });
            SequenceKernel.RecurrenceBackward(dGates, t * width, steps * width, wHh, packedWhh, dh, split); // ∂h_{t−1}
        }
        h0.AccumulateGradOwned(dh);
        c0.AccumulateGradOwned(dc);
        SequenceKernel.RecurrentWeightGradients(wHh, null, dGates, hs, h0.Data, batch, steps);
        projection.AccumulateGradOwned(dGates);
    }
}
