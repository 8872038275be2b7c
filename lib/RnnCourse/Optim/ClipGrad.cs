using System.Numerics.Tensors;
using RnnCourse.Tensors;
using Tensor = RnnCourse.Tensors.Tensor;

namespace RnnCourse.Optim;

/// <summary>
/// Gradient clipping against exploding gradients (torch.nn.utils.clip_grad_norm_ and clip_grad_value_).
/// Parameters whose Grad is null are ignored. Chapter 4.
/// </summary>
public static class ClipGrad
{
    /// <summary>
    /// Rescales all gradients together so that their joint norm is at most <paramref name="maxNorm"/>, as if
    /// they were one vector: ‖g‖ = (Σᵢ ‖gᵢ‖ₚᵖ)^(1/p) (the max of |g| for p = ∞); every gᵢ is multiplied by
    /// c = min(1, maxNorm / (‖g‖ + 10⁻⁶)). Returns ‖g‖ before clipping, the number to log and plot.
    /// Sums are accumulated in double. A non-finite norm throws when <paramref name="errorIfNonfinite"/>,
    /// else (PyTorch's default) the gradients are scaled by the resulting NaN coefficient as PyTorch does.
    /// </summary>
    public static float Norm(IEnumerable<Tensor> parameters, float maxNorm, float normType = 2f, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "The norm type must be positive (1, 2, ...) or float.PositiveInfinity.");
        Tensor[] grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToArray();
        if (grads.Length == 0) return 0f;

        float total = TotalNorm(grads, normType);
        if (errorIfNonfinite && !float.IsFinite(total))
            throw new InvalidOperationException(
                $"ClipGrad.Norm: the total {normType}-norm of the gradients is {total}, so they cannot be clipped. " +
                "Look for a NaN or an overflow in the loss (lower the learning rate, check the inputs), or pass errorIfNonfinite: false.");
        float coefficient = maxNorm / (total + 1e-6f); // in float, as PyTorch's float32 tensor arithmetic
        if (coefficient > 1f) coefficient = 1f;        // clamp(max=1); a NaN stays NaN, as in PyTorch
        if (coefficient != 1f)
            foreach (Tensor g in grads) TensorPrimitives.Multiply(g.Data, coefficient, g.Data);
        return total;
    }

    /// <summary>The joint norm of the gradients without changing them.</summary>
    public static float TotalNorm(IEnumerable<Tensor> parameters, float normType = 2f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return TotalNorm(parameters.Select(p => p.Grad).OfType<Tensor>().ToArray(), normType);
    }

    private static float TotalNorm(Tensor[] grads, float normType)
    {
        const int chunk = Optimizer.ChunkSize;
        if (float.IsPositiveInfinity(normType))
        {
            float max = 0f;
            foreach (Tensor g in grads)
                if (g.Numel > 0)
                {
                    float m = TensorPrimitives.MaxMagnitude(g.Data);
                    if (float.IsNaN(m)) return float.NaN;
                    max = Math.Max(max, MathF.Abs(m));
                }
            return max;
        }
        // Σ|x|ᵖ chunk by chunk: each chunk's float sum is short, the running total is a double.
        double sum = 0;
        float[]? scratch = normType is 1f or 2f ? null : new float[chunk];
        foreach (Tensor g in grads)
            for (int start = 0; start < g.Numel; start += chunk)
            {
                ReadOnlySpan<float> x = g.Data.AsSpan(start, Math.Min(chunk, g.Numel - start));
                if (normType == 2f) sum += TensorPrimitives.SumOfSquares(x);
                else if (normType == 1f) sum += TensorPrimitives.SumOfMagnitudes(x);
                else
                {
                    Span<float> s = scratch.AsSpan(0, x.Length);
                    for (int i = 0; i < x.Length; i++) s[i] = (float)Math.Pow(Math.Abs(x[i]), normType);
                    sum += TensorPrimitives.Sum(s);
                }
            }
        return normType switch
        {
            2f => (float)Math.Sqrt(sum),
            1f => (float)sum,
            _ => (float)Math.Pow(sum, 1.0 / normType),
        };
    }

    /// <summary>Clamps every gradient element into [−clipValue, clipValue] (torch.nn.utils.clip_grad_value_).</summary>
    public static void Value(IEnumerable<Tensor> parameters, float clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0))
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "The clip value must be ≥ 0.");
        foreach (Tensor p in parameters)
            if (p.Grad is { } g)
            {
                TensorPrimitives.Min(g.Data, clipValue, g.Data);
                TensorPrimitives.Max(g.Data, -clipValue, g.Data);
            }
    }
}
