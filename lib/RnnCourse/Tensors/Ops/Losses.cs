using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>How a loss combines its per-element terms (torch's reduction argument).</summary>
public enum Reduction
{
    /// <summary>The mean over the elements that count (for cross-entropy: those not ignored).</summary>
    Mean,
    /// <summary>The sum over the elements.</summary>
    Sum,
    /// <summary>No reduction: one loss per element.</summary>
    None,
}

public static partial class Functional
{
    /// <summary>The target value that marks a position the loss skips (torch's default ignore_index).</summary>
    public const int DefaultIgnoreIndex = -100;

    /// <summary>
    /// Cross-entropy of class scores: ℓᵢ = log Σ_c e^(z_ic) − z_i,yᵢ, with the class dimension LAST
    /// (logits (..., C), targets shaped like the leading dimensions — batch-first (B, T, C) works as is;
    /// PyTorch wants (N, C, T)). Positions whose target is <paramref name="ignoreIndex"/> add nothing and
    /// are not counted by the mean. Stable for logits of any size: the row maximum is subtracted first.
    /// ∂ℓᵢ/∂z_ic = softmax(zᵢ)_c − [c = yᵢ].
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, IReadOnlyList<int> targets, int ignoreIndex = DefaultIgnoreIndex,
                                      Reduction reduction = Reduction.Mean)
    {
        if (logits.Rank < 1)
            throw new ArgumentException("CrossEntropy: the logits need a class dimension, got a scalar.");
        int classes = logits.Size(-1), rows = classes == 0 ? 0 : logits.Numel / classes;
        if (targets.Count != rows)
            throw new ArgumentException(
                $"CrossEntropy: logits of shape {Shapes.Format(logits.ShapeArray)} have {rows} rows of {classes} classes, " +
                $"but {targets.Count} targets were given; pass one target per row (flatten (B, T) targets to B·T).");
        float[] z = logits.Data;
        // Checked first, so that the rows can then be computed in parallel.
        var ys = new int[rows];
        int counted = 0;
        for (int r = 0; r < rows; r++)
        {
            int y = ys[r] = targets[r];
            if (y == ignoreIndex) continue;
            if ((uint)y >= (uint)classes)
                throw new IndexOutOfRangeException(
                    $"CrossEntropy: target {y} at row {r} is not a class index in 0..{classes - 1} (nor ignore_index {ignoreIndex}).");
            counted++;
        }
        // ℓᵢ = (m − z_y) + s with log Σ e^z = m + s (see Tensor.LogSumExp); m and s are kept for backward.
        var losses = new float[rows];
        var maxes = new float[rows];
        var logSums = new float[rows];
        Parallelism.ForRanges(rows, 4L * classes, (start, end) =>
        {
            var scratch = new float[classes];
            for (int r = start; r < end; r++)
            {
                if (ys[r] == ignoreIndex) continue;
                ReadOnlySpan<float> row = z.AsSpan(r * classes, classes);
                (maxes[r], logSums[r]) = Tensor.LogSumExp(row, scratch);
                losses[r] = maxes[r] - row[ys[r]] + logSums[r];
            }
        });
        float scale = reduction == Reduction.Mean ? 1f / counted : 1f; // 0 counted gives NaN, as PyTorch
        Tensor result = reduction switch
        {
            Reduction.None => new Tensor(losses, logits.ShapeArray[..^1]),
            _ => new Tensor([(float)(losses.Sum(v => (double)v) * scale)]),
        };
        if (!Tensor.Tracks(logits)) return result;
        return result.Record("CrossEntropyBackward", [logits], g =>
        {
            float[] gz = BufferPool.Rent(z.Length); // every row written below
            Parallelism.ForRanges(rows, 4L * classes, (start, end) =>
            {
                for (int r = start; r < end; r++)
                {
                    Span<float> grow = gz.AsSpan(r * classes, classes);
                    int y = ys[r];
                    if (y == ignoreIndex)
                    {
                        grow.Clear();
                        continue;
                    }
                    // g · (softmax(z) − onehot(y)), softmax(z) = e^((z − m) − s).
                    float gr = reduction == Reduction.None ? g.Data[r] : g.Data[0] * scale;
                    TensorPrimitives.Subtract(z.AsSpan(r * classes, classes), maxes[r], grow);
                    TensorPrimitives.Subtract(grow, logSums[r], grow);
                    TensorPrimitives.Exp(grow, grow);
                    TensorPrimitives.Multiply(grow, gr, grow);
                    grow[y] -= gr;
                }
            });
            logits.AccumulateGradOwned(gz);
        });
    }

    /// <summary>Cross-entropy with integer-valued targets held in a tensor (shaped like the logits' leading dimensions).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor targets, int ignoreIndex = DefaultIgnoreIndex,
                                      Reduction reduction = Reduction.Mean)
        => CrossEntropy(logits, ToIndices(targets, "CrossEntropy targets"), ignoreIndex, reduction);

    /// <summary>Mean squared error: mean((x − y)²) (or sum, or none).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        if (!Shapes.Equal(input.ShapeArray, target.ShapeArray))
            throw new ArgumentException(
                $"MseLoss: input {Shapes.Format(input.ShapeArray)} and target {Shapes.Format(target.ShapeArray)} must have the same shape.");
        Tensor squared = (input - target).Pow(2f);
        return reduction switch
        {
            Reduction.Mean => squared.Mean(),
            Reduction.Sum => squared.Sum(),
            _ => squared,
        };
    }

    /// <summary>The values of a tensor of whole numbers as indices; a fractional value is an error.</summary>
    internal static int[] ToIndices(Tensor t, string what)
    {
        var result = new int[t.Numel];
        for (int i = 0; i < result.Length; i++)
        {
            float v = t.Data[i];
            if (v != MathF.Round(v) || float.IsInfinity(v))
                throw new ArgumentException($"{what}: element {i} is {v}, not a whole number; indices must be integers.");
            result[i] = (int)v;
        }
        return result;
    }
}
