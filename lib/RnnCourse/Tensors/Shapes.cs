namespace RnnCourse.Tensors;

/// <summary>Shape arithmetic shared by the ops: element counts, broadcasting, dimension checks, messages.</summary>
internal static class Shapes
{
    public static long Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
            n *= s;
        }
        return n;
    }

    /// <summary>"(2, 3)" — the way every error message in the library prints a shape.</summary>
    public static string Format(ReadOnlySpan<int> shape)
        => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";

    public static int NormalizeDim(int dim, int rank, string op)
    {
        int d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)rank)
            throw new ArgumentOutOfRangeException(nameof(dim),
                $"{op}: dimension {dim} is out of range for a tensor with {rank} dimensions (valid: {-rank}..{rank - 1}).");
        return d;
    }

    /// <summary>NumPy broadcasting: align trailing dimensions; each pair must match or one must be 1.</summary>
    public static int[] Broadcast(int[] a, int[] b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int da = i <= a.Length ? a[^i] : 1, db = i <= b.Length ? b[^i] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast: dimension {-i} is {da} vs {db}. " +
                    "Trailing dimensions must be equal or 1.");
            result[^i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides of <paramref name="shape"/> laid out inside <paramref name="outShape"/>: 0 where broadcast.</summary>
    public static int[] BroadcastStrides(int[] shape, int[] outShape)
    {
        var strides = new int[outShape.Length];
        int stride = 1;
        for (int i = 1; i <= outShape.Length; i++)
        {
            int size = i <= shape.Length ? shape[^i] : 1;
            strides[^i] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }

    /// <summary>Splits a shape around <paramref name="dim"/> into (outer, size, inner) for dimension-wise kernels.</summary>
    public static (int Outer, int Size, int Inner) Around(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < dim; d++) outer *= shape[d];
        for (int d = dim + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, shape[dim], inner);
    }

    public static int[] Without(int[] shape, int dim) => [.. shape[..dim], .. shape[(dim + 1)..]];

    public static int[] With(int[] shape, int dim, int size)
    {
        var r = (int[])shape.Clone();
        r[dim] = size;
        return r;
    }

    public static bool Equal(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);
}
