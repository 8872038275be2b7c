using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Nn;

/// <summary>
/// The recurrence of one LSTM layer over a whole sequence as a single autograd op. Its input is the
/// projection x·W_ihᵀ of every step, computed beforehand as one GEMM; per step it adds b_ih + b_hh and
/// h_{t−1}·W_hhᵀ (one GEMM) and does the gate arithmetic in one pass. Backward through time reuses the
/// saved gate activations and cell states; ∂ of the projection is the gates' gradient itself.
/// </summary>
internal static class LstmKernel
{
    /// <summary>
    /// projection (B, T, 4H) — overwritten: pass a fresh tensor —, the bias still to add to it (4H) or null,
    /// h0 and c0 (B, H) → outputs (B, T, H), h_T and c_T (B, H). The outputs are the kernel's own buffer;
    /// c_T is a second output of the same op.
    /// </summary>
    public static (Tensor Output, Tensor H, Tensor C) Forward(Tensor projection, Tensor? bias, Tensor h0, Tensor c0, Tensor wHh)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1), width = 4 * hidden;
        int stateSize = batch * steps * hidden;
        float[] gates = projection.Data; // (B·T, 4H): pre-activations, then the activated gates in place
        // Every element of these is written below, so they come from the pool uninitialised.
        float[] hs = BufferPool.Rent(stateSize);        // h_1..h_T for each b: the output
        float[] cells = BufferPool.Rent(stateSize);     // c_t
        float[] tanhCells = BufferPool.Rent(stateSize); // tanh(c_t)

        var split = StepSplit.For(batch, hidden, 4);
        PackedMatrix? packedWhh = SequenceKernel.PackRecurrentWeight(wHh, split);
        float[] h0Data = h0.Data, c0Data = c0.Data;
        float[]? biasData = bias?.Data;
        SequenceKernel.ForwardThroughTime(split, steps, (chunk, step) =>
        {
            var (row0, rows, u0, count) = split.Part(chunk);
            SequenceKernel.AddRecurrentInput(biasData, PreviousState.At(step, h0Data, hs, steps, hidden), wHh, packedWhh, gates,
                                             step, steps, row0, rows, u0, count, add: true);
            var cBefore = PreviousState.At(step, c0Data, cells, steps, hidden);
            for (int b = row0; b < row0 + rows; b++)
            {
                int row = b * steps + step;
                Span<float> g = gates.AsSpan(row * width, width);
                Span<float> i = g.Slice(u0, count), f = g.Slice(hidden + u0, count), gg = g.Slice(2 * hidden + u0, count), o = g.Slice(3 * hidden + u0, count);
                if (count == hidden)
                {
                    TensorPrimitives.Sigmoid(g[..(2 * hidden)], g[..(2 * hidden)]); // i and f lie side by side
                }
                else
                {
                    TensorPrimitives.Sigmoid(i, i);
                    TensorPrimitives.Sigmoid(f, f);
                }
                TensorPrimitives.Tanh(gg, gg);
                TensorPrimitives.Sigmoid(o, o);
                ReadOnlySpan<float> cPrev = cBefore.Row(b, u0, count);
                Span<float> c = cells.AsSpan(row * hidden + u0, count), tc = tanhCells.AsSpan(row * hidden + u0, count);
                TensorPrimitives.Multiply(f, cPrev, c);                                             // f ⊙ c_{t−1}
                TensorPrimitives.MultiplyAdd(i, gg, c, c);                                          // + i ⊙ g
                TensorPrimitives.Tanh(c, tc);
                TensorPrimitives.Multiply(o, tc, hs.AsSpan(row * hidden + u0, count));              // h = o ⊙ tanh(c)
            }
        });
        packedWhh?.Dispose();
        var cFinal = new float[batch * hidden];
        for (int b = 0; b < batch; b++)
            cells.AsSpan(((b + 1) * steps - 1) * hidden, hidden).CopyTo(cFinal.AsSpan(b * hidden));

        var output = new Tensor(hs, batch, steps, hidden);
        var cellState = new Tensor(cFinal, batch, hidden);
        Tensor[] inputs = bias is null ? [projection, h0, c0, wHh] : [projection, h0, c0, wHh, bias];
        // The projection and the saved activations are read by nothing after backward; hs is the output.
        void Recycle()
        {
            foreach (float[] buffer in (float[][])[gates, cells, tanhCells]) BufferPool.Return(buffer);
        }
        if (!Tensor.Tracks(inputs))
        {
            Recycle();
            return (output, output.Select(1, steps - 1), cellState);
        }
        float[]? dcFinal = null; // c_T's gradient, handed over by its node before the op's backward runs
        output.Record("LstmBackward", inputs, dOutput =>
        {
            float[] dc = dcFinal ?? new float[batch * hidden];
            dcFinal = null; // a second backward (retainGraph) starts from its own c_T gradient
            Backward(dOutput.Data, dc, projection, bias, h0, c0, wHh, gates, cells, tanhCells, hs);
        }, Recycle);
        cellState.RecordSecondOutput("LstmCellStateBackward", output, g => dcFinal = (float[])g.Clone());
        return (output, output.Select(1, steps - 1), cellState);
    }

    /// <summary>dc (B, H) holds c_T's gradient on entry and ∂L/∂c_0 on return.</summary>
    private static void Backward(float[] dOutput, float[] dc, Tensor projection, Tensor? bias, Tensor h0, Tensor c0, Tensor wHh,
                                 float[] gates, float[] cells, float[] tanhCells, float[] hs)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1), width = 4 * hidden;
        float[] dGates = BufferPool.Rent(gates.Length);           // every element written step by step
        float[] dh = BufferPool.RentCleared(batch * hidden);      // ∂L/∂h_t from step t+1
        var split = StepSplit.For(batch, hidden, 4);
        float[] c0Data = c0.Data;
        using PackedMatrix? packedWhh = SequenceKernel.PackForBackward(wHh);
        SequenceKernel.BackwardThroughTime(split, steps, (chunk, step) =>
        {
            var (row0, rows, u0, count) = split.Part(chunk);
            var cBefore = PreviousState.At(step, c0Data, cells, steps, hidden);
            for (int b = row0; b < row0 + rows; b++)
            {
                int row = b * steps + step;
                ReadOnlySpan<float> g = gates.AsSpan(row * width, width);
                Span<float> dg = dGates.AsSpan(row * width, width);
                StepBackward(dOutput.AsSpan(row * hidden + u0, count), dh.AsSpan(b * hidden + u0, count),
                             g.Slice(u0, count), g.Slice(hidden + u0, count), g.Slice(2 * hidden + u0, count), g.Slice(3 * hidden + u0, count),
                             tanhCells.AsSpan(row * hidden + u0, count),
                             cBefore.Row(b, u0, count),
                             dg.Slice(u0, count), dg.Slice(hidden + u0, count), dg.Slice(2 * hidden + u0, count), dg.Slice(3 * hidden + u0, count),
                             dc.AsSpan(b * hidden + u0, count));
            }
        }, dGates, wHh, packedWhh, dh, accumulate: false); // then ∂h_{t−1} = dGates[:, t]·W_hh
        h0.AccumulateGradOwned(dh);
        c0.AccumulateGradOwned(dc);
        SequenceKernel.RecurrentWeightGradients(wHh, null, dGates, hs, h0.Data, batch, steps);
        Tensor.AccumulateBiasGrad(bias, dGates, batch * steps, width);
        projection.AccumulateGradOwned(dGates);
    }

    /// <summary>
    /// One sequence's step of backward through time, every unit in one pass over memory:
    /// ∂h = ∂out + ∂h_next; ∂o = ∂h ⊙ tanh c ⊙ o(1 − o); ∂c = ∂h ⊙ o ⊙ (1 − tanh² c) + ∂c_next;
    /// ∂i = ∂c ⊙ g ⊙ i(1 − i); ∂f = ∂c ⊙ c_{t−1} ⊙ f(1 − f); ∂g = ∂c ⊙ i ⊙ (1 − g²); and ∂c_{t−1} = ∂c ⊙ f
    /// overwrites <paramref name="dc"/>. Vector lanes and the scalar tail round the same products in the same order.
    /// </summary>
    private static void StepBackward(ReadOnlySpan<float> dOut, ReadOnlySpan<float> dhNext,
                                     ReadOnlySpan<float> i, ReadOnlySpan<float> f, ReadOnlySpan<float> g, ReadOnlySpan<float> o,
                                     ReadOnlySpan<float> tanhC, ReadOnlySpan<float> cPrev,
                                     Span<float> di, Span<float> df, Span<float> dg, Span<float> dO, Span<float> dc)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One;
            for (int width = Vector<float>.Count; j <= dOut.Length - width; j += width)
            {
                var dh = new Vector<float>(dOut[j..]) + new Vector<float>(dhNext[j..]);
                Vector<float> vi = new(i[j..]), vf = new(f[j..]), vg = new(g[j..]), vo = new(o[j..]), tc = new(tanhC[j..]);
                (dh * tc * vo * (one - vo)).CopyTo(dO[j..]);
                var dct = dh * vo * (one - tc * tc) + new Vector<float>(dc[j..]);
                (dct * vg * vi * (one - vi)).CopyTo(di[j..]);
                (dct * new Vector<float>(cPrev[j..]) * vf * (one - vf)).CopyTo(df[j..]);
                (dct * vi * (one - vg * vg)).CopyTo(dg[j..]);
                (dct * vf).CopyTo(dc[j..]);
            }
        }
        for (; j < dOut.Length; j++)
        {
            float dh = dOut[j] + dhNext[j], vi = i[j], vf = f[j], vg = g[j], vo = o[j], tc = tanhC[j];
            dO[j] = dh * tc * vo * (1f - vo);
            float dct = dh * vo * (1f - tc * tc) + dc[j];
            di[j] = dct * vg * vi * (1f - vi);
            df[j] = dct * cPrev[j] * vf * (1f - vf);
            dg[j] = dct * vi * (1f - vg * vg);
            dc[j] = dct * vf;
        }
    }
}
