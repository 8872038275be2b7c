using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>Sum, mean and max, over everything or along one dimension (keepdim as in PyTorch).</summary>
public partial class Tensor
{
    /// <summary>Σ x over all elements, a scalar (shape ()); ∂/∂x = 1.</summary>
    public Tensor Sum()
    {
        var result = new Tensor([TensorPrimitives.Sum(_data)]);
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record("SumBackward", [x], g =>
        {
            var gx = new float[x._data.Length];
            gx.AsSpan().Fill(g._data[0]);
            x.AccumulateGradOwned(gx);
        });
    }

    /// <summary>The mean of all elements, a scalar; ∂/∂x = 1/n.</summary>
    public Tensor Mean()
    {
        if (_data.Length == 0)
            throw new InvalidOperationException("Mean() of an empty tensor is undefined; check the batch is not empty.");
        return Sum().Mul(1f / _data.Length);
    }

    /// <summary>Σ along <paramref name="dim"/>; the dimension is kept with size 1 when <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "Sum");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        var data = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            Span<float> dst = data.AsSpan(o * inner, inner);
            for (int i = 0; i < n; i++)
                TensorPrimitives.Add(dst, _data.AsSpan((o * n + i) * inner, inner), dst);
        }
        var result = new Tensor(data, keepDim ? Shapes.With(_shape, d, 1) : Shapes.Without(_shape, d));
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record("SumBackward", [x], g =>
        {
            var gx = new float[x._data.Length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < n; i++)
                    g._data.AsSpan(o * inner, inner).CopyTo(gx.AsSpan((o * n + i) * inner, inner));
            x.AccumulateGradOwned(gx);
        });
    }

    /// <summary>The mean along <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false)
    {
        int n = Size(dim);
        if (n == 0) throw new InvalidOperationException($"Mean({dim}) over an empty dimension of shape {Shapes.Format(_shape)} is undefined.");
        return Sum(dim, keepDim).Mul(1f / n);
    }

    /// <summary>The largest element, a scalar; the gradient goes to the first maximum.</summary>
    public Tensor Max()
    {
        if (_data.Length == 0) throw new InvalidOperationException("Max() of an empty tensor is undefined.");
        int at = TensorPrimitives.IndexOfMax(_data);
        var result = new Tensor([_data[at]]);
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record("MaxBackward", [x], g =>
        {
            var gx = new float[x._data.Length];
            gx[at] = g._data[0];
            x.AccumulateGradOwned(gx);
        });
    }

    /// <summary>The largest values along <paramref name="dim"/> and their indices (torch.max(x, dim)).
    /// The gradient goes to the first maximum of each slice.</summary>
    public (Tensor Values, int[] Indices) Max(int dim, bool keepDim = false)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "Max");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        if (n == 0) throw new InvalidOperationException($"Max({dim}) over an empty dimension of shape {Shapes.Format(_shape)} is undefined.");
        var values = new float[outer * inner];
        var indices = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int best = 0;
                float bestValue = _data[o * n * inner + j];
                for (int i = 1; i < n; i++)
                {
                    float v = _data[(o * n + i) * inner + j];
                    if (v > bestValue || (float.IsNaN(v) && !float.IsNaN(bestValue))) { bestValue = v; best = i; }
                }
                values[o * inner + j] = bestValue;
                indices[o * inner + j] = best;
            }
        var result = new Tensor(values, keepDim ? Shapes.With(_shape, d, 1) : Shapes.Without(_shape, d));
        if (!Tracks(this)) return (result, indices);
        Tensor x = this;
        result.Record("MaxBackward", [x], g =>
        {
            var gx = new float[x._data.Length];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < inner; j++)
                    gx[(o * n + indices[o * inner + j]) * inner + j] = g._data[o * inner + j];
            x.AccumulateGradOwned(gx);
        });
        return (result, indices);
    }

    /// <summary>The index of the largest value along <paramref name="dim"/> (first on ties), row-major over the other dimensions.</summary>
    public int[] Argmax(int dim) => Detach().Max(dim).Indices;

    /// <summary>The flat index of the largest element.</summary>
    public int Argmax()
    {
        if (_data.Length == 0) throw new InvalidOperationException("Argmax() of an empty tensor is undefined.");
        return TensorPrimitives.IndexOfMax(_data);
    }

    /// <summary>
    /// Σ over the rows of a (rows, cols) matrix (a bias's gradient); threads take ranges of columns, so each
    /// column still sums its rows in order and the result never depends on the thread count.
    /// </summary>
    private static float[] ColumnSums(float[] m, int rows, int cols)
    {
        var sums = new float[cols];
        Parallelism.ForRanges(cols, rows, (c0, c1) =>
        {
            Span<float> part = sums.AsSpan(c0, c1 - c0);
            for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(part, m.AsSpan(r * cols + c0, c1 - c0), part);
        });
        return sums;
    }

    /// <summary>A bias's gradient: Σ over the rows of the (rows, cols) gradient of what it was added to.</summary>
    internal static void AccumulateBiasGrad(Tensor? bias, float[] gradient, int rows, int cols)
    {
        if (bias is { RequiresGrad: true }) bias.AccumulateGradOwned(ColumnSums(gradient, rows, cols));
    }
}
