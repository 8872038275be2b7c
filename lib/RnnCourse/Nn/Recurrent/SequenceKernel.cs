using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.Intrinsics;
using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Nn;

/// <summary>
/// Plumbing shared by the fused sequence kernels: the per-step recurrent GEMM that adds h_{t−1}·W_hhᵀ
/// straight into the gate rows of step t (strided, no copies, W_hh packed once), the loops through time
/// with each step's work cut across threads as <see cref="StepSplit"/> says, the recurrent weight's
/// gradient as one GEMM over all B·T rows, and the tanh derivative over spans.
/// Row b·T + t of a (B·T, ·) buffer belongs to sequence b at step t (batch-first).
/// </summary>
internal static class SequenceKernel
{
    /// <summary>
    /// W_hhᵀ (H, gates·H) packed once for the per-step products h·W_hhᵀ, or null when the GEMM provider has
    /// no packed path or the chunks' columns q·H + u0 would not start on panels (H not a multiple of 32).
    /// </summary>
    public static PackedMatrix? PackRecurrentWeight(Tensor wHh, StepSplit split)
    {
        int hidden = wHh.Size(1);
        if (32 % Gemm.PanelColumns != 0 || (split.SplitsUnits && hidden % 32 != 0)) return null;
        return Gemm.TryPack(true, hidden, wHh.Size(0), wHh.Data, hidden);
    }

    /// <summary>W_hh (gates·H, H) packed for the backward products dGates·W_hh, or null.</summary>
    public static PackedMatrix? PackForBackward(Tensor wHh)
        => 32 % Gemm.PanelColumns == 0 ? Gemm.TryPack(false, wHh.Size(0), wHh.Size(1), wHh.Data, wHh.Size(1)) : null;

    /// <summary>
    /// The recurrent GEMM for rows [row0, row0 + rows) and units [u0, u0 + count) of every gate block q, on
    /// this thread: gates[b, q·H + u] (+)= Σ_k h_prev[b, k]·W_hh[q·H + u, k]. Chunks run in parallel; a
    /// chunk holding every unit is one product over all gates·H columns.
    /// </summary>
    private static void Recurrence(PreviousState hPrev, Tensor wHh, PackedMatrix? packed,
                                  float[] gates, int gatesOffset, int gateStride, int row0, int rows, int u0, int count, bool accumulate)
    {
        int hidden = wHh.Size(1), width = wHh.Size(0), hStride = hPrev.Stride;
        float beta = accumulate ? 1f : 0f;
        ReadOnlySpan<float> a = hPrev.Data.AsSpan(hPrev.Offset + row0 * hStride);
        int c0 = gatesOffset + row0 * gateStride;
        if (packed is not null && count == hidden)
        {
            Gemm.SgemmOnThisThread(false, rows, 0, width, 1f, a, hStride, packed, beta, gates.AsSpan(c0), gateStride);
            return;
        }
        for (int q = 0; q < width / hidden; q++)
        {
            Span<float> c = gates.AsSpan(c0 + q * hidden + u0);
            if (packed is not null)
                Gemm.SgemmOnThisThread(false, rows, q * hidden + u0, count, 1f, a, hStride, packed, beta, c, gateStride);
            else
                Gemm.SgemmOnThisThread(false, true, rows, count, hidden, 1f, a, hStride,
                                       wHh.Data.AsSpan((q * hidden + u0) * hidden), hidden, beta, c, gateStride);
        }
    }

    /// <summary>
    /// Step t's recurrent input for rows [row0, row0 + rows) and units [u0, u0 + count) of every gate block:
    /// rows (+)= bias + h_{t−1}·W_hhᵀ, added to what the rows hold (the input projection) when
    /// <paramref name="add"/>, else written over them.
    /// </summary>
    public static void AddRecurrentInput(float[]? bias, PreviousState hPrev, Tensor wHh, PackedMatrix? packed, float[] gates,
                                         int step, int steps, int row0, int rows, int u0, int count, bool add)
    {
        int width = wHh.Size(0), hidden = wHh.Size(1);
        ApplyBias(bias, gates, step, steps, width, hidden, row0, rows, u0, count, add);
        Recurrence(hPrev, wHh, packed, gates, step * width, steps * width, row0, rows, u0, count, accumulate: add || bias is not null);
    }

    /// <summary>
    /// Puts the bias (gates·H) into units [u0, u0 + count) of every gate block of rows [row0, row0 + rows) of step
    /// t, just before the step reads them: added to what the rows hold, or copied over them when
    /// <paramref name="add"/> is false. No-op without a bias. Filling all B·T rows with it beforehand would be
    /// one more pass over the whole buffer.
    /// </summary>
    public static void ApplyBias(float[]? bias, float[] gates, int step, int steps, int width, int hidden, int row0, int rows, int u0, int count,
                                 bool add)
    {
        if (bias is null) return;
        for (int b = row0; b < row0 + rows; b++)
            for (int q = 0; q < width / hidden; q++)
            {
                Span<float> g = gates.AsSpan((b * steps + step) * width + q * hidden + u0, count);
                ReadOnlySpan<float> slice = bias.AsSpan(q * hidden + u0, count);
                if (add) TensorPrimitives.Add(g, slice, g);
                else slice.CopyTo(g);
            }
    }

    /// <summary>
    /// Runs <paramref name="step"/>(chunk, t) for t = 0 .. T−1. Chunks of sequences never read each other's
    /// state, so each runs all its steps in one parallel region; chunks of units need every unit of h_{t−1},
    /// so each step is a region of its own.
    /// </summary>
    public static void ForwardThroughTime(StepSplit split, int steps, Action<int, int> step)
    {
        if (split.ByRows)
        {
            Parallelism.For(split.Chunks, chunk =>
            {
                for (int t = 0; t < steps; t++) step(chunk, t);
            });
            return;
        }
        for (int t = 0; t < steps; t++)
        {
            int at = t;
            Parallelism.For(split.Chunks, chunk => step(chunk, at));
        }
    }

    /// <summary>
    /// Backward through time, t = T−1 .. 0: <paramref name="gates"/>(chunk, t) writes the chunk's part of
    /// step t's gate gradients, then the chunk's part of ∂h_{t−1} (B, H) (+)= dGates[:, t, :]·W_hh follows.
    /// Chunks of sequences run every step in one parallel region; a chunk of units needs the gates of every
    /// unit for its part of ∂h_{t−1}, so then each step takes two regions.
    /// </summary>
    public static void BackwardThroughTime(StepSplit split, int steps, Action<int, int> gates, float[] dGates, Tensor wHh,
                                           PackedMatrix? packed, float[] dhPrev, bool accumulate)
    {
        int width = wHh.Size(0), gateStride = steps * width;
        void Recurrence(int chunk, int t)
            => RecurrenceBackward(dGates, t * width, gateStride, wHh, packed, dhPrev, split.Part(chunk), accumulate);
        if (split.ByRows)
        {
            Parallelism.For(split.Chunks, chunk =>
            {
                for (int t = steps - 1; t >= 0; t--)
                {
                    gates(chunk, t);
                    Recurrence(chunk, t);
                }
            });
            return;
        }
        for (int t = steps - 1; t >= 0; t--)
        {
            int at = t;
            Parallelism.For(split.Chunks, chunk => gates(chunk, at));
            Parallelism.For(split.Chunks, chunk => Recurrence(chunk, at));
        }
    }

    /// <summary>Rows [row0, row0 + rows) and units [u0, u0 + count) of dh_prev (B, H) (+)= dGates[:, t, :]·W_hh, on this thread.</summary>
    private static void RecurrenceBackward(float[] dGates, int offset, int gateStride, Tensor wHh, PackedMatrix? packed, float[] dhPrev,
                                           (int Row0, int Rows, int Unit0, int Units) part, bool accumulate)
    {
        int width = wHh.Size(0), hidden = wHh.Size(1);
        var (row0, rows, u0, count) = part;
        float beta = accumulate ? 1f : 0f;
        ReadOnlySpan<float> a = dGates.AsSpan(offset + row0 * gateStride);
        Span<float> c = dhPrev.AsSpan(row0 * hidden + u0);
        if (packed is not null)
            Gemm.SgemmOnThisThread(false, rows, u0, count, 1f, a, gateStride, packed, beta, c, hidden);
        else
            Gemm.SgemmOnThisThread(false, false, rows, count, width, 1f, a, gateStride, wHh.Data.AsSpan(u0), hidden, beta, c, hidden);
    }

    /// <summary>
    /// The recurrent weight's gradients, sums over all B·T steps formed as one GEMM:
    /// ∂W_hh = dGₕᵀ·H_prev (gates·H, H), ∂b_hh = Σ rows dGₕ (GRU; Elman and LSTM fold b_hh into the projection).
    /// H_prev is built from the outputs <paramref name="hs"/> (B·T, H) and <paramref name="h0"/>.
    /// </summary>
    public static void RecurrentWeightGradients(Tensor wHh, Tensor? bHh, float[] dGates, float[] hs, float[] h0, int batch, int steps)
    {
        int width = wHh.Size(0), hidden = wHh.Size(1), rows = batch * steps;
        if (wHh.RequiresGrad)
        {
            float[] hPrev = PreviousStates(hs, h0, batch, steps, hidden);
            float[] dw = BufferPool.Rent(wHh.Numel); // beta = 0: the GEMM writes every element
            Gemm.Sgemm(true, false, width, hidden, rows, 1f, dGates, width, hPrev, hidden, 0f, dw, hidden);
            BufferPool.Return(hPrev);
            wHh.AccumulateGradOwned(dw);
        }
        Tensor.AccumulateBiasGrad(bHh, dGates, rows, width);
    }

    /// <summary>H_prev (B·T, H): row (b, t) holds h_{t−1} of sequence b, h0 at t = 0 — the inputs of W_hh.</summary>
    private static float[] PreviousStates(float[] hs, float[] h0, int batch, int steps, int hidden)
    {
        float[] prev = BufferPool.Rent(batch * steps * hidden); // every row written below
        Parallelism.ForRanges(batch, steps * hidden, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                h0.AsSpan(b * hidden, hidden).CopyTo(prev.AsSpan(b * steps * hidden));
                hs.AsSpan(b * steps * hidden, (steps - 1) * hidden).CopyTo(prev.AsSpan((b * steps + 1) * hidden));
            }
        });
        return prev;
    }

    /// <summary>dst = g ⊙ (1 − y²): through tanh given its output y. dst may alias g.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dst)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var one = Vector512<float>.One; i <= y.Length - 16; i += 16)
            {
                var v = Vector512.Create(y.Slice(i, 16));
                (Vector512.Create(g.Slice(i, 16)) * (one - v * v)).CopyTo(dst.Slice(i, 16));
            }
        else if (Vector256.IsHardwareAccelerated)
            for (var one = Vector256<float>.One; i <= y.Length - 8; i += 8)
            {
                var v = Vector256.Create(y.Slice(i, 8));
                (Vector256.Create(g.Slice(i, 8)) * (one - v * v)).CopyTo(dst.Slice(i, 8));
            }
        for (; i < y.Length; i++) dst[i] = g[i] * (1f - y[i] * y[i]);
    }
}

/// <summary>
/// Where step t reads a state of the step before: the initial state (B, H) at t = 0, else row b·T + t − 1 of
/// the per-step states (B·T, H). <see cref="Offset"/> is sequence 0's row, <see cref="Stride"/> the distance between sequences.
/// </summary>
internal readonly record struct PreviousState(float[] Data, int Offset, int Stride)
{
    public static PreviousState At(int step, float[] initial, float[] states, int steps, int hidden)
        => step == 0 ? new(initial, 0, hidden) : new(states, (step - 1) * hidden, steps * hidden);

    /// <summary>Units [u0, u0 + count) of sequence b.</summary>
    public ReadOnlySpan<float> Row(int b, int u0, int count) => Data.AsSpan(Offset + b * Stride + u0, count);
}
