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

    /// <summary>Stable log-softmax of one row: x − max − log Σ e^(x − max).</summary>
    internal static void LogSoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        float lse = LogSumExp(x);
        TensorPrimitives.Subtract(x, lse, y);
    }

    /// <summary>log Σ eˣ = m + log Σ e^(x − m), accumulated in double.</summary>
    internal static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max)) return max;
        double sum = 0;
        foreach (float v in x) sum += Math.Exp(v - max);
        return max + (float)Math.Log(sum);
    }
}
