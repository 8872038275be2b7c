using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>A binary element-wise kernel over spans: the contiguous inner run of a broadcast loop.</summary>
internal interface IBinaryKernel
{
    static abstract void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result);
    static abstract void Apply(ReadOnlySpan<float> a, float b, Span<float> result);
    static abstract void Apply(float a, ReadOnlySpan<float> b, Span<float> result);
}

internal readonly struct AddKernel : IBinaryKernel
{
    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Add(a, b, r);
    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> r) => TensorPrimitives.Add(a, b, r);
    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Add(b, a, r);
}

internal readonly struct SubtractKernel : IBinaryKernel
{
    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Subtract(a, b, r);
    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> r) => TensorPrimitives.Subtract(a, b, r);
    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Subtract(a, b, r);
}

internal readonly struct MultiplyKernel : IBinaryKernel
{
    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Multiply(a, b, r);
    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> r) => TensorPrimitives.Multiply(a, b, r);
    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Multiply(b, a, r);
}

internal readonly struct DivideKernel : IBinaryKernel
{
    public static void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Divide(a, b, r);
    public static void Apply(ReadOnlySpan<float> a, float b, Span<float> r) => TensorPrimitives.Divide(a, b, r);
    public static void Apply(float a, ReadOnlySpan<float> b, Span<float> r) => TensorPrimitives.Divide(a, b, r);
}

/// <summary>Loops for NumPy-style broadcasting: an odometer over the outer dimensions, a span kernel inside.</summary>
internal static class Broadcasting
{
    /// <summary>result[i] = a[i] ∘ b[i] with both operands broadcast to <paramref name="outShape"/>.</summary>
    public static float[] Apply<TKernel>(Tensor a, Tensor b, int[] outShape) where TKernel : IBinaryKernel
    {
        var result = new float[Shapes.Count(outShape)];
        if (result.Length == 0) return result;
        float[] da = a.Data, db = b.Data;
        if (da.Length == result.Length && db.Length == result.Length) { TKernel.Apply(da, db, result); return result; }
        if (db.Length == 1) { TKernel.Apply(da, db[0], result); return result; }
        if (da.Length == 1) { TKernel.Apply(da[0], db, result); return result; }

        int rank = outShape.Length;
        int[] sa = Shapes.BroadcastStrides(a.ShapeArray, outShape), sb = Shapes.BroadcastStrides(b.ShapeArray, outShape);
        // Fold the trailing dimensions that are contiguous in both operands into one inner run.
        int inner = outShape[rank - 1], innerDims = 1;
        bool aRun = sa[rank - 1] == 1, bRun = sb[rank - 1] == 1;
        while (innerDims < rank)
        {
            int d = rank - 1 - innerDims;
            bool aOk = aRun ? sa[d] == inner : sa[d] == 0;
            bool bOk = bRun ? sb[d] == inner : sb[d] == 0;
            if (!aOk || !bOk) break;
            inner *= outShape[d];
            innerDims++;
        }
        int outerRank = rank - innerDims;
        var index = new int[outerRank];
        int offA = 0, offB = 0;
        for (int start = 0; start < result.Length; start += inner)
        {
            Span<float> dst = result.AsSpan(start, inner);
            if (aRun && bRun) TKernel.Apply(da.AsSpan(offA, inner), db.AsSpan(offB, inner), dst);
            else if (aRun) TKernel.Apply(da.AsSpan(offA, inner), db[offB], dst);
            else if (bRun) TKernel.Apply(da[offA], db.AsSpan(offB, inner), dst);
            else dst.Fill(ScalarResult<TKernel>(da[offA], db[offB]));
            for (int d = outerRank - 1; d >= 0; d--)
            {
                offA += sa[d]; offB += sb[d];
                if (++index[d] < outShape[d]) break;
                offA -= sa[d] * outShape[d]; offB -= sb[d] * outShape[d];
                index[d] = 0;
            }
        }
        return result;
    }

    private static float ScalarResult<TKernel>(float a, float b) where TKernel : IBinaryKernel
    {
        Span<float> one = stackalloc float[1];
        TKernel.Apply([a], b, one);
        return one[0];
    }

    /// <summary>
    /// The gradient of a broadcast operand: <paramref name="gradient"/> (shaped <paramref name="outShape"/>)
    /// summed over every dimension that was broadcast, giving <paramref name="shape"/>.
    /// </summary>
    public static float[] SumTo(float[] gradient, int[] outShape, int[] shape)
    {
        var result = new float[Shapes.Count(shape)];
        if (result.Length == gradient.Length) { gradient.AsSpan().CopyTo(result); return result; }
        if (result.Length == 1) { result[0] = TensorPrimitives.Sum(gradient); return result; }
        int rank = outShape.Length;
        int[] strides = Shapes.BroadcastStrides(shape, outShape);
        int inner = outShape[rank - 1];
        bool run = strides[rank - 1] == 1;
        var index = new int[rank - 1];
        int offset = 0;
        for (int start = 0; start < gradient.Length; start += inner)
        {
            ReadOnlySpan<float> src = gradient.AsSpan(start, inner);
            if (run) TensorPrimitives.Add(result.AsSpan(offset, inner), src, result.AsSpan(offset, inner));
            else result[offset] += TensorPrimitives.Sum(src);
            for (int d = rank - 2; d >= 0; d--)
            {
                offset += strides[d];
                if (++index[d] < outShape[d]) break;
                offset -= strides[d] * outShape[d];
                index[d] = 0;
            }
        }
        return result;
    }
}
