using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>Softmax and log-softmax along a dimension, computed stably (the maximum is subtracted first).</summary>
public partial class Tensor
{
    /// <summary>softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m); ∂L/∂x = y ⊙ (g − Σ g⊙y).</summary>
    public Tensor Softmax(int dim) => SoftmaxAlong(dim, log: false);

    /// <summary>log softmax(x)ᵢ = xᵢ − m − log Σⱼ e^(xⱼ − m); ∂L/∂x = g − softmax(x)·Σ g.</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxAlong(dim, log: true);

    private Tensor SoftmaxAlong(int dim, bool log)
    {
        int d = Shapes.NormalizeDim(dim, Rank, log ? "LogSoftmax" : "Softmax");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        var y = new float[_data.Length];
        var column = new float[n];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int baseIndex = o * n * inner + j;
                for (int i = 0; i < n; i++) column[i] = _data[baseIndex + i * inner];
                if (log) LogSoftmaxRow(column, column);
                else SoftmaxRow(column, column);
                for (int i = 0; i < n; i++) y[baseIndex + i * inner] = column[i];
            }
        var result = new Tensor(y, _shape);
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record(log ? "LogSoftmaxBackward" : "SoftmaxBackward", [x], g =>
        {
            var gx = new float[y.Length];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < inner; j++)
                {
                    int baseIndex = o * n * inner + j;
                    double dot = 0;
                    for (int i = 0; i < n; i++)
                        dot += log ? g._data[baseIndex + i * inner] : (double)g._data[baseIndex + i * inner] * y[baseIndex + i * inner];
                    for (int i = 0; i < n; i++)
                    {
                        int at = baseIndex + i * inner;
                        gx[at] = log ? g._data[at] - MathF.Exp(y[at]) * (float)dot : y[at] * (g._data[at] - (float)dot);
                    }
                }
            x.AccumulateGradOwned(gx);
        });
    }

    /// <summary>Stable softmax of one row: subtract the maximum, exponentiate, normalise.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    /// <summary>Stable log-softmax of one row: (x − m) − log Σ e^(x − m), with m the maximum; y may alias x.</summary>
    internal static void LogSoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        double sum = 0;
        foreach (float v in y) sum += Math.Exp(v);
        TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
    }

    /// <summary>
    /// log Σ eˣ in two parts: the maximum m and s = log Σ e^(x − m), summed in double. They are kept apart
    /// because m + s rounded to a float loses s when the logits are large (1e4), while (x − m) − s does not.
    /// <paramref name="scratch"/> (x.Length floats) receives e^(x − m).
    /// </summary>
    internal static (float Max, float LogSum) LogSumExp(ReadOnlySpan<float> x, Span<float> scratch)
    {
        float max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max)) return (max, 0f);
        TensorPrimitives.Subtract(x, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return (max, (float)Math.Log(SumInDouble(scratch)));
    }

    /// <summary>Σ x accumulated in double, eight lanes at a time: a word model's rows hold tens of thousands of terms.</summary>
    private static double SumInDouble(ReadOnlySpan<float> x)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            Vector256<double> low = Vector256<double>.Zero, high = Vector256<double>.Zero;
            for (; i <= x.Length - 8; i += 8)
            {
                var (l, h) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
                low += l;
                high += h;
            }
            sum = Vector256.Sum(low + high);
        }
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }
}
