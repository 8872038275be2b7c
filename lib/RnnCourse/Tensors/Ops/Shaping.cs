namespace RnnCourse.Tensors;

/// <summary>Reshape, permute, narrow/select/slice, cat and stack. Reshape shares data; the rest copy.</summary>
public partial class Tensor
{
    /// <summary>The same data seen with another shape (one dimension may be −1: inferred). Shares data (torch: view/reshape).</summary>
    public Tensor Reshape(params int[] shape)
    {
        int[] resolved = ResolveShape(shape);
        var result = new Tensor(_data, resolved);
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record("ReshapeBackward", [x], _ => result.PassGradTo(x));
    }

    /// <summary>Same as <see cref="Reshape"/>: tensors here are always contiguous.</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    private int[] ResolveShape(int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int infer = Array.IndexOf(resolved, -1);
        if (infer >= 0 && Array.IndexOf(resolved, -1, infer + 1) >= 0)
            throw new ArgumentException($"Reshape: only one dimension can be -1, got {Shapes.Format(shape)}.");
        long known = 1;
        for (int i = 0; i < resolved.Length; i++) if (i != infer) known *= resolved[i];
        if (infer >= 0 && known != 0 && _data.Length % known == 0) resolved[infer] = (int)(_data.Length / known);
        if (resolved.Any(s => s < 0) || Shapes.Count(resolved) != _data.Length)
            throw new ArgumentException(
                $"Reshape: cannot view a tensor of shape {Shapes.Format(_shape)} ({_data.Length} elements) as {Shapes.Format(shape)}.");
        return resolved;
    }

    /// <summary>All dimensions from <paramref name="startDim"/> on merged into one.</summary>
    public Tensor Flatten(int startDim = 0)
    {
        int d = Shapes.NormalizeDim(startDim, Math.Max(Rank, 1), "Flatten");
        return Reshape([.. _shape[..d], -1]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank + 1, "Unsqueeze");
        return Reshape([.. _shape[..d], 1, .. _shape[d..]]);
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "Squeeze");
        if (_shape[d] != 1)
            throw new ArgumentException($"Squeeze: dimension {dim} of shape {Shapes.Format(_shape)} has size {_shape[d]}, not 1.");
        return Reshape(Shapes.Without(_shape, d));
    }

    /// <summary>Reorders the dimensions: result dimension i is input dimension <paramref name="dims"/>[i]. Copies.</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Rank || dims.Select(d => Shapes.NormalizeDim(d, Rank, "Permute")).Distinct().Count() != Rank)
            throw new ArgumentException($"Permute: {Shapes.Format(dims)} is not a permutation of the {Rank} dimensions of {Shapes.Format(_shape)}.");
        int[] perm = dims.Select(d => Shapes.NormalizeDim(d, Rank, "Permute")).ToArray();
        int[] shape = perm.Select(d => _shape[d]).ToArray();
        var result = new Tensor(PermuteData(_data, _shape, perm), shape);
        if (!Tracks(this)) return result;
        Tensor x = this;
        var inverse = new int[Rank];
        for (int i = 0; i < Rank; i++) inverse[perm[i]] = i;
        return result.Record("PermuteBackward", [x], g => x.AccumulateGradOwned(PermuteData(g._data, shape, inverse)));
    }

    private static float[] PermuteData(float[] data, int[] shape, int[] perm)
    {
        int rank = shape.Length;
        var result = new float[data.Length];
        if (data.Length == 0) return result;
        var inStrides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= shape[d], d--) inStrides[d] = s;
        int[] outShape = perm.Select(d => shape[d]).ToArray();
        int[] strides = perm.Select(d => inStrides[d]).ToArray(); // input stride of each output dimension
        var index = new int[rank];
        int offset = 0;
        for (int o = 0; o < result.Length; o++)
        {
            result[o] = data[offset];
            for (int d = rank - 1; d >= 0; d--)
            {
                offset += strides[d];
                if (++index[d] < outShape[d]) break;
                offset -= strides[d] * outShape[d];
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>Swaps two dimensions (copies).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = Shapes.NormalizeDim(dim0, Rank, "Transpose"), b = Shapes.NormalizeDim(dim1, Rank, "Transpose");
        var perm = Enumerable.Range(0, Rank).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>The transpose of a matrix.</summary>
    public Tensor T
    {
        get
        {
            if (Rank != 2) throw new InvalidOperationException($"T needs a matrix, got shape {Shapes.Format(_shape)}; use Transpose(dim0, dim1).");
            return Transpose(0, 1);
        }
    }

    /// <summary>Elements <paramref name="start"/>..start+length−1 along <paramref name="dim"/> (copies; torch: narrow).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "Narrow");
        if (start < 0) start += _shape[d];
        if (start < 0 || length < 0 || start + length > _shape[d])
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Narrow: [{start}, {start + length}) is outside dimension {dim} of size {_shape[d]} (shape {Shapes.Format(_shape)}).");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        float[] data = BufferPool.Rent(outer * length * inner); // every block copied in below
        for (int o = 0; o < outer; o++)
            _data.AsSpan((o * n + start) * inner, length * inner).CopyTo(data.AsSpan(o * length * inner));
        var result = new Tensor(data, Shapes.With(_shape, d, length));
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record("NarrowBackward", [x], g =>
        {
            float[] gx = BufferPool.RentCleared(x._data.Length);
            for (int o = 0; o < outer; o++)
                g._data.AsSpan(o * length * inner, length * inner).CopyTo(gx.AsSpan((o * n + start) * inner));
            x.AccumulateGradOwned(gx);
        });
    }

    /// <summary>Elements start..end−1 along <paramref name="dim"/>; negative bounds count from the end (x[:, start:end]).</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        int size = Size(dim);
        int s = start < 0 ? start + size : start, e = end < 0 ? end + size : Math.Min(end, size);
        if (s < 0 || s > size || e < s)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {end}) is not a range of dimension {dim} of size {size}.");
        return Narrow(dim, s, e - s);
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed (x[:, t]).</summary>
    public Tensor Select(int dim, int index)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "Select");
        int i = index < 0 ? index + _shape[d] : index;
        if ((uint)i >= (uint)_shape[d])
            throw new IndexOutOfRangeException($"Select: index {index} is out of range for dimension {dim} of size {_shape[d]} (shape {Shapes.Format(_shape)}).");
        return Narrow(d, i, 1).Reshape(Shapes.Without(_shape, d));
    }

    /// <summary>Splits into <paramref name="chunks"/> equal parts along <paramref name="dim"/> (the gates of a fused LSTM weight).</summary>
    public Tensor[] Chunk(int chunks, int dim)
    {
        int size = Size(dim);
        if (chunks <= 0 || size % chunks != 0)
            throw new ArgumentException($"Chunk: dimension {dim} of size {size} does not split into {chunks} equal parts.");
        int part = size / chunks;
        return Enumerable.Range(0, chunks).Select(i => Narrow(dim, i * part, part)).ToArray();
    }

    /// <summary>Joins tensors along an existing dimension; all other dimensions must match (torch.cat).</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("Cat needs at least one tensor.");
        Tensor first = tensors[0];
        int d = Shapes.NormalizeDim(dim, first.Rank, "Cat");
        foreach (Tensor t in tensors)
            if (t.Rank != first.Rank || Enumerable.Range(0, first.Rank).Any(i => i != d && t._shape[i] != first._shape[i]))
                throw new ArgumentException(
                    $"Cat: shapes {Shapes.Format(first._shape)} and {Shapes.Format(t._shape)} differ outside dimension {dim}.");
        int total = tensors.Sum(t => t._shape[d]);
        int[] shape = Shapes.With(first._shape, d, total);
        var (outer, _, inner) = Shapes.Around(shape, d);
        var data = new float[outer * total * inner];
        int at = 0;
        foreach (Tensor t in tensors)
        {
            int run = t._shape[d] * inner;
            for (int o = 0; o < outer; o++)
                t._data.AsSpan(o * run, run).CopyTo(data.AsSpan(o * total * inner + at));
            at += run;
        }
        var result = new Tensor(data, shape);
        Tensor[] inputs = [.. tensors];
        if (!Tracks(inputs)) return result;
        return result.Record("CatBackward", inputs, g =>
        {
            int offset = 0;
            foreach (Tensor t in inputs)
            {
                int run = t._shape[d] * inner;
                if (t._requiresGrad)
                {
                    var gt = new float[t._data.Length];
                    for (int o = 0; o < outer; o++)
                        g._data.AsSpan(o * total * inner + offset, run).CopyTo(gt.AsSpan(o * run));
                    t.AccumulateGradOwned(gt);
                }
                offset += run;
            }
        });
    }

    /// <summary>Joins equally shaped tensors along a new dimension (torch.stack).</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("Stack needs at least one tensor.");
        foreach (Tensor t in tensors)
            if (!Shapes.Equal(t._shape, tensors[0]._shape))
                throw new ArgumentException($"Stack: shapes {Shapes.Format(tensors[0]._shape)} and {Shapes.Format(t._shape)} differ; all must be equal.");
        return Cat(tensors.Select(t => t.Unsqueeze(dim)).ToArray(), dim);
    }
}
