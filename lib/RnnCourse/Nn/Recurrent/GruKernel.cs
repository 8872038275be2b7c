using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Nn;

/// <summary>
/// The recurrence of one GRU layer over a whole sequence as a single autograd op (gate order r, z, n;
/// reset applied to W_hn·h + b_hn as in PyTorch). Its input is the projection x·W_ihᵀ of every step (one
/// GEMM beforehand; b_ih is added step by step); per step one GEMM gives h_{t−1}·W_hhᵀ + b_hh, kept apart because n needs
/// its third block multiplied by r.
/// </summary>
internal static class GruKernel
{
    /// <summary>
    /// projection (B, T, 3H) — overwritten: pass a fresh tensor —, the input-side bias b_ih still to add to it
    /// (3H) or null, h0 (B, H) → outputs (B, T, H) and h_T (B, H).
    /// </summary>
    public static (Tensor Output, Tensor H) Forward(Tensor projection, Tensor? bIh, Tensor h0, Tensor wHh, Tensor? bHh)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1), width = 3 * hidden;
        float[] gi = projection.Data; // (B·T, 3H): x·W_ihᵀ + b_ih, then r, z, n in place
        float[] gh = BufferPool.Rent(gi.Length);               // (B·T, 3H): h_{t−1}·W_hhᵀ + b_hh; every element written
        float[] hs = BufferPool.Rent(batch * steps * hidden);  // the outputs, every element written
        var split = StepSplit.For(batch, hidden, 3);
        PackedMatrix? packedWhh = SequenceKernel.PackRecurrentWeight(wHh, split);
        float[] h0Data = h0.Data;
        float[]? bIhData = bIh?.Data;
        SequenceKernel.ForwardThroughTime(split, steps, (chunk, step) =>
        {
            var (row0, rows, u0, count) = split.Part(chunk);
            SequenceKernel.ApplyBias(bIhData, gi, step, steps, width, hidden, row0, rows, u0, count, add: true);
            var hBefore = PreviousState.At(step, h0Data, hs, steps, hidden);
            // gh = b_hh + h·W_hhᵀ in rows of its own: n needs its third block multiplied by r.
            SequenceKernel.AddRecurrentInput(bHh?.Data, hBefore, wHh, packedWhh, gh, step, steps, row0, rows, u0, count, add: false);
            for (int b = row0; b < row0 + rows; b++)
            {
                int row = b * steps + step;
                Span<float> g = gi.AsSpan(row * width, width);
                ReadOnlySpan<float> ghRow = gh.AsSpan(row * width, width);
                ReadOnlySpan<float> hPrev = hBefore.Row(b, u0, count);
                Span<float> r = g.Slice(u0, count), z = g.Slice(hidden + u0, count), n = g.Slice(2 * hidden + u0, count);
                if (count == hidden)
                {
                    Span<float> rz = g[..(2 * hidden)]; // r and z lie side by side
                    TensorPrimitives.Add(rz, ghRow[..(2 * hidden)], rz);
                    TensorPrimitives.Sigmoid(rz, rz);
                }
                else
                {
                    TensorPrimitives.Add(r, ghRow.Slice(u0, count), r);
                    TensorPrimitives.Sigmoid(r, r);
                    TensorPrimitives.Add(z, ghRow.Slice(hidden + u0, count), z);
                    TensorPrimitives.Sigmoid(z, z);
                }
                TensorPrimitives.MultiplyAdd(r, ghRow.Slice(2 * hidden + u0, count), n, n); // x·W_inᵀ + b_in + r ⊙ (W_hn h + b_hn)
                TensorPrimitives.Tanh(n, n);
                Span<float> h = hs.AsSpan(row * hidden + u0, count);                         // h = n + z ⊙ (h_{t−1} − n)
                TensorPrimitives.Subtract(hPrev, n, h);
                TensorPrimitives.MultiplyAdd(z, h, n, h);
            }
        });
        packedWhh?.Dispose();
        var output = new Tensor(hs, batch, steps, hidden);
        Tensor?[] maybe = [projection, h0, wHh, bHh, bIh];
        Tensor[] inputs = maybe.OfType<Tensor>().ToArray();
        // The projection (now the gates) and gh are read by nothing after backward; hs is the output.
        void Recycle()
        {
            BufferPool.Return(gi);
            BufferPool.Return(gh);
        }
        if (Tensor.Tracks(inputs))
            output.Record("GruBackward", inputs, dOutput => Backward(dOutput.Data, projection, bIh, h0, wHh, bHh, gi, gh, hs), Recycle);
        else
            Recycle();
        return (output, output.Select(1, steps - 1));
    }

    private static void Backward(float[] dOutput, Tensor projection, Tensor? bIh, Tensor h0, Tensor wHh, Tensor? bHh,
                                 float[] gates, float[] gh, float[] hs)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1), width = 3 * hidden;
        float[] dGi = BufferPool.Rent(gates.Length); // ∂ of the pre-activations through the input side (all written)
        float[] dGh = BufferPool.Rent(gates.Length); // ∂ of h·W_hhᵀ + b_hh (differs from dGi in the n block: times r)
        float[] dh = BufferPool.RentCleared(batch * hidden);
        var split = StepSplit.For(batch, hidden, 3);
        float[] h0Data = h0.Data;
        using PackedMatrix? packedWhh = SequenceKernel.PackForBackward(wHh);
        SequenceKernel.BackwardThroughTime(split, steps, (chunk, step) =>
        {
            var (row0, rows, u0, count) = split.Part(chunk);
            var hBefore = PreviousState.At(step, h0Data, hs, steps, hidden);
            for (int b = row0; b < row0 + rows; b++)
            {
                int row = b * steps + step;
                ReadOnlySpan<float> g = gates.AsSpan(row * width, width);
                Span<float> di = dGi.AsSpan(row * width, width), dhh = dGh.AsSpan(row * width, width);
                StepBackward(dOutput.AsSpan(row * hidden + u0, count),
                             g.Slice(u0, count), g.Slice(hidden + u0, count), g.Slice(2 * hidden + u0, count),
                             hBefore.Row(b, u0, count),
                             gh.AsSpan(row * width + 2 * hidden + u0, count),
                             di.Slice(u0, count), di.Slice(hidden + u0, count), di.Slice(2 * hidden + u0, count),
                             dhh.Slice(u0, count), dhh.Slice(hidden + u0, count), dhh.Slice(2 * hidden + u0, count),
                             dh.AsSpan(b * hidden + u0, count));
            }
        }, dGh, wHh, packedWhh, dh, accumulate: true); // then ∂h_{t−1} += dGh[:, t]·W_hh, onto the direct path
        h0.AccumulateGradOwned(dh);
        SequenceKernel.RecurrentWeightGradients(wHh, bHh, dGh, hs, h0.Data, batch, steps);
        BufferPool.Return(dGh);
        Tensor.AccumulateBiasGrad(bIh, dGi, batch * steps, width);
        projection.AccumulateGradOwned(dGi);
    }

    /// <summary>
    /// One sequence's step of backward through time, every unit in one pass over memory:
    /// ∂h = ∂out + ∂h_next; ∂a_n = ∂h ⊙ (1 − z) ⊙ (1 − n²); ∂(W_hn h + b_hn) = ∂a_n ⊙ r;
    /// ∂a_r = ∂a_n ⊙ (W_hn h + b_hn) ⊙ r(1 − r); ∂a_z = ∂h ⊙ (h_{t−1} − n) ⊙ z(1 − z); the r and z parts are
    /// the same on the input and the hidden side; ∂h_{t−1} = ∂h ⊙ z (the direct path) overwrites <paramref name="dh"/>.
    /// </summary>
    private static void StepBackward(ReadOnlySpan<float> dOut, ReadOnlySpan<float> r, ReadOnlySpan<float> z, ReadOnlySpan<float> n,
                                     ReadOnlySpan<float> hPrev, ReadOnlySpan<float> ghN,
                                     Span<float> dr, Span<float> dz, Span<float> dn, Span<float> dhR, Span<float> dhZ, Span<float> dhN,
                                     Span<float> dh)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<float>.One;
            for (int width = Vector<float>.Count; j <= dOut.Length - width; j += width)
            {
                var dht = new Vector<float>(dOut[j..]) + new Vector<float>(dh[j..]);
                Vector<float> vr = new(r[j..]), vz = new(z[j..]), vn = new(n[j..]);
                var dan = (one - vz) * dht * (one - vn * vn);
                dan.CopyTo(dn[j..]);
                (dan * vr).CopyTo(dhN[j..]);
                var dar = dan * new Vector<float>(ghN[j..]) * vr * (one - vr);
                dar.CopyTo(dr[j..]);
                dar.CopyTo(dhR[j..]);
                var daz = (new Vector<float>(hPrev[j..]) - vn) * dht * vz * (one - vz);
                daz.CopyTo(dz[j..]);
                daz.CopyTo(dhZ[j..]);
                (dht * vz).CopyTo(dh[j..]);
            }
        }
        for (; j < dOut.Length; j++)
        {
            float dht = dOut[j] + dh[j], vr = r[j], vz = z[j], vn = n[j];
            float dan = (1f - vz) * dht * (1f - vn * vn);
            dn[j] = dan;
            dhN[j] = dan * vr;
            dr[j] = dhR[j] = dan * ghN[j] * vr * (1f - vr);
            dz[j] = dhZ[j] = (hPrev[j] - vn) * dht * vz * (1f - vz);
            dh[j] = dht * vz;
        }
    }
}
