using System.Globalization;
using System.Text;

namespace RnnCourse.Tensors;

/// <summary>
/// A float32, row-major, contiguous n-dimensional array with reverse-mode autograd, shaped after
/// torch.Tensor. Each op lives in Ops/ with its backward written beside its forward; the graph is
/// walked iteratively by <see cref="Backward(Tensor?, bool)"/>, so an unrolled RNN thousands of steps deep is fine.
/// </summary>
[RnnCourse.Display.TypeFormatterSource(typeof(TensorFormatterSource), PreferredMimeTypes = new[] { RnnCourse.Display.MimeTypes.Html, RnnCourse.Display.MimeTypes.PlainText })]
public partial class Tensor
{
    private readonly float[] _data;
    private readonly int[] _shape;
    private bool _requiresGrad;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = Shapes.Count(shape);
        if (count != data.Length)
            throw new ArgumentException(
                $"Tensor: shape {Shapes.Format(shape)} holds {count} elements but the data has {data.Length}; " +
                "pass a shape whose product is the data length.");
        _data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The elements in row-major order. Writing to them changes the tensor (and every view of it).</summary>
    public float[] Data => _data;

    /// <summary>The size of each dimension, outermost first.</summary>
    public IReadOnlyList<int> Shape => _shape;

    internal int[] ShapeArray => _shape;

    /// <summary>The number of dimensions (torch: dim()).</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (torch: numel()).</summary>
    public int Numel => _data.Length;

    /// <summary>The size of dimension <paramref name="dim"/>; negative counts from the end.</summary>
    public int Size(int dim) => _shape[Shapes.NormalizeDim(dim, Rank, "Size")];

    /// <summary>The gradient accumulated by <see cref="Backward(Tensor?, bool)"/>; null until then.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Whether operations on this tensor are recorded for autograd. Only leaves may be switched.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!value && GradFn is not null)
                throw new InvalidOperationException(
                    "RequiresGrad can only be turned off on a leaf tensor; use Detach() to get a tensor outside the graph.");
            _requiresGrad = value;
        }
    }

    /// <summary>Sets RequiresGrad and returns this tensor, for chaining (torch: requires_grad_()).</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by an op (torch: is_leaf).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>The name of the op that produced this tensor, e.g. "MatMulBackward"; null for leaves.</summary>
    public string? GradFnName => GradFn?.Name;

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (_data.Length != 1)
            throw new InvalidOperationException(
                $"Item() needs a tensor with one element, but this one has shape {Shapes.Format(_shape)}; reduce it first (Sum, Mean) or index it.");
        return _data[0];
    }

    /// <summary>The element at the given indices (negative indices count from the end).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] indices]
    {
        get => _data[FlatIndex(indices)];
        set => _data[FlatIndex(indices)] = value;
    }

    private int FlatIndex(int[] indices)
    {
        if (indices.Length != Rank)
            throw new ArgumentException($"Indexing a tensor of shape {Shapes.Format(_shape)} needs {Rank} indices, got {indices.Length}.");
        int flat = 0;
        for (int d = 0; d < Rank; d++)
        {
            int i = indices[d] < 0 ? indices[d] + _shape[d] : indices[d];
            if ((uint)i >= (uint)_shape[d])
                throw new IndexOutOfRangeException(
                    $"Index {indices[d]} is out of range for dimension {d} of size {_shape[d]} (shape {Shapes.Format(_shape)}).");
            flat = flat * _shape[d] + i;
        }
        return flat;
    }

    /// <summary>A copy of the elements.</summary>
    public float[] ToArray() => (float[])_data.Clone();

    /// <summary>A new tensor with copied data, outside the graph (torch: clone().detach()).</summary>
    public Tensor Copy() => new((float[])_data.Clone(), _shape);

    /// <summary>The same data outside the autograd graph: no gradient flows through it (torch: detach()).</summary>
    public Tensor Detach() => new(_data, _shape);

    /// <summary>PyTorch-style text: values with elided middles for large tensors, then the shape.</summary>
    public override string ToString() => TensorText.Format(this);

    /// <summary>True when <paramref name="other"/> has the same shape and every element within the tolerances
    /// (|a - b| &lt;= atol + rtol * |b|), as torch.allclose.</summary>
    public bool AllClose(Tensor other, float rtol = 1e-5f, float atol = 1e-8f)
    {
        if (!_shape.AsSpan().SequenceEqual(other._shape)) return false;
        for (int i = 0; i < _data.Length; i++)
        {
            float a = _data[i], b = other._data[i];
            if (float.IsNaN(a) || float.IsNaN(b)) return false;
            if (MathF.Abs(a - b) > atol + rtol * MathF.Abs(b)) return false;
        }
        return true;
    }
}

/// <summary>Renders tensors as text the way PyTorch prints them.</summary>
internal static class TensorText
{
    private const int EdgeItems = 3, Threshold = 1000;

    public static string Format(Tensor t)
    {
        var sb = new StringBuilder("tensor(");
        bool elide = t.Numel > Threshold;
        int indent = "tensor(".Length;
        if (t.Rank == 0) sb.Append(Number(t.Data[0]));
        else Append(sb, t, 0, 0, indent, elide);
        sb.Append(", shape=").Append(Shapes.Format(t.ShapeArray));
        if (t.GradFnName is { } fn) sb.Append(", grad_fn=<").Append(fn).Append('>');
        else if (t.RequiresGrad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    private static void Append(StringBuilder sb, Tensor t, int dim, int offset, int indent, bool elide)
    {
        int n = t.ShapeArray[dim];
        int stride = 1;
        for (int d = dim + 1; d < t.Rank; d++) stride *= t.ShapeArray[d];
        sb.Append('[');
        for (int i = 0; i < n; i++)
        {
            if (elide && n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(dim == t.Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                i = n - EdgeItems - 1;
                continue;
            }
            if (dim == t.Rank - 1) sb.Append(Number(t.Data[offset + i]));
            else Append(sb, t, dim + 1, offset + i * stride, indent, elide);
            if (i < n - 1)
                sb.Append(dim == t.Rank - 1 ? ", " : ",\n" + new string(' ', indent + dim + 1));
        }
        sb.Append(']');
    }

    public static string Number(float v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
