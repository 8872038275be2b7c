using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Nn;

/// <summary>
/// The recurrence of one Elman layer over a whole sequence as a single autograd op: given the projection
/// x_t·W_ihᵀ of every step (one GEMM beforehand), a_t = projection_t + b + h_{t−1}·W_hhᵀ (b = b_ih + b_hh
/// added step by step, one GEMM per step), h_t = f(a_t); backward through time from the saved outputs:
/// ∂a_t = (∂h_t + ∂a_{t+1}·W_hh) ⊙ f′, and ∂ of the projection is ∂a.
/// </summary>
internal static class ElmanKernel
{
    /// <summary>
    /// projection (B, T, H) — overwritten: pass a fresh tensor —, the bias still to add to it (H) or null,
    /// h0 (B, H) → outputs (B, T, H) and h_T (B, H).
    /// </summary>
    public static (Tensor Output, Tensor H) Forward(Tensor projection, Tensor? bias, Tensor h0, Tensor wHh, Nonlinearity f)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1);
        float[] hs = projection.Data; // (B·T, H): a_t, then h_t in place
        var split = StepSplit.For(batch, hidden, 1);
        PackedMatrix? packedWhh = SequenceKernel.PackRecurrentWeight(wHh, split);
        float[] h0Data = h0.Data;
        float[]? biasData = bias?.Data;
        SequenceKernel.ForwardThroughTime(split, steps, (chunk, step) =>
        {
            var (row0, rows, u0, count) = split.Part(chunk);
            SequenceKernel.AddRecurrentInput(biasData, PreviousState.At(step, h0Data, hs, steps, hidden), wHh, packedWhh, hs,
                                             step, steps, row0, rows, u0, count, add: true);
            for (int b = row0; b < row0 + rows; b++)
            {
                Span<float> h = hs.AsSpan((b * steps + step) * hidden + u0, count);
                if (f == Nonlinearity.Tanh) TensorPrimitives.Tanh(h, h);
                else TensorPrimitives.Max(h, 0f, h);
            }
        });
        packedWhh?.Dispose();
        var output = new Tensor(hs, batch, steps, hidden);
        Tensor[] inputs = bias is null ? [projection, h0, wHh] : [projection, h0, wHh, bias];
        if (Tensor.Tracks(inputs))
            output.Record("ElmanBackward", inputs, dOutput => Backward(dOutput.Data, projection, bias, h0, wHh, f, hs));
        return (output, output.Select(1, steps - 1));
    }

    private static void Backward(float[] dOutput, Tensor projection, Tensor? bias, Tensor h0, Tensor wHh, Nonlinearity f, float[] hs)
    {
        int batch = projection.Size(0), steps = projection.Size(1), hidden = wHh.Size(1);
        float[] dA = BufferPool.Rent(hs.Length);              // every element written step by step
        float[] dh = BufferPool.RentCleared(batch * hidden); // ∂L/∂h_t arriving from step t+1
        var split = StepSplit.For(batch, hidden, 1);
        using PackedMatrix? packedWhh = SequenceKernel.PackForBackward(wHh);
        SequenceKernel.BackwardThroughTime(split, steps, (chunk, step) =>
        {
            var (row0, rows, u0, count) = split.Part(chunk);
            for (int b = row0; b < row0 + rows; b++)
            {
                int at = (b * steps + step) * hidden + u0;
                Span<float> da = dA.AsSpan(at, count);
                TensorPrimitives.Add(dOutput.AsSpan(at, count), dh.AsSpan(b * hidden + u0, count), da); // ∂h_t
                ReadOnlySpan<float> h = hs.AsSpan(at, count);
                if (f == Nonlinearity.Tanh) SequenceKernel.TanhBackward(h, da, da);
                else for (int j = 0; j < count; j++) if (h[j] <= 0f) da[j] = 0f;
            }
        }, dA, wHh, packedWhh, dh, accumulate: false);
        h0.AccumulateGradOwned(dh);
        SequenceKernel.RecurrentWeightGradients(wHh, null, dA, hs, h0.Data, batch, steps);
        Tensor.AccumulateBiasGrad(bias, dA, batch * steps, hidden);
        projection.AccumulateGradOwned(dA);
    }
}
