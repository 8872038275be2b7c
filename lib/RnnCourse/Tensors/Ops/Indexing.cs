namespace RnnCourse.Tensors;

/// <summary>Gathers rows by index (index_select, embedding lookup); backward scatter-adds into the rows.</summary>
public partial class Tensor
{
    /// <summary>
    /// The slices at <paramref name="indices"/> along <paramref name="dim"/> (torch.index_select). An index
    /// may repeat: its gradient is the sum over every place it was picked (scatter-add).
    /// </summary>
    public Tensor IndexSelect(int dim, IReadOnlyList<int> indices) => IndexSelect(dim, indices, noGradIndex: null);

    /// <summary>As <see cref="IndexSelect(int, IReadOnlyList{int})"/>; slices picked by <paramref name="noGradIndex"/> get no gradient.</summary>
    internal Tensor IndexSelect(int dim, IReadOnlyList<int> indices, int? noGradIndex)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "IndexSelect");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        int count = indices.Count;
        int[] picked = indices.ToArray();
        for (int i = 0; i < count; i++)
            if ((uint)picked[i] >= (uint)n)
                throw new IndexOutOfRangeException(
                    $"IndexSelect: index {picked[i]} (position {i}) is out of range for dimension {dim} of size {n} (shape {Shapes.Format(_shape)}).");
        float[] data = BufferPool.Rent(outer * count * inner); // every slice copied in below
        float[] source = _data;
        Parallelism.ForRanges(count, (long)outer * inner, (i0, i1) =>
        {
            for (int o = 0; o < outer; o++)
                for (int i = i0; i < i1; i++)
                    source.AsSpan((o * n + picked[i]) * inner, inner).CopyTo(data.AsSpan((o * count + i) * inner));
        });
        var result = new Tensor(data, Shapes.With(_shape, d, count));
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record("IndexSelectBackward", [x], g =>
        {
            float[] gx = BufferPool.RentCleared(x._data.Length);
            // Threads take ranges of the slices' elements, so each sum still runs over i in order.
            Parallelism.ForRanges(inner, (long)outer * count, (j0, j1) =>
            {
                for (int o = 0; o < outer; o++)
                    for (int i = 0; i < count; i++)
                    {
                        if (picked[i] == noGradIndex) continue;
                        Span<float> row = gx.AsSpan((o * n + picked[i]) * inner + j0, j1 - j0);
                        System.Numerics.Tensors.TensorPrimitives.Add(row, g._data.AsSpan((o * count + i) * inner + j0, j1 - j0), row);
                    }
            });
            x.AccumulateGradOwned(gx);
        });
    }
}

/// <summary>Functions of several tensors, named as torch.nn.functional.</summary>
public static partial class Functional
{
    /// <summary>
    /// Embedding lookup: row <c>ids[i]</c> of <paramref name="weight"/> (vocab, dim) for every id, shaped
    /// <paramref name="idsShape"/> + (dim). Rows at <paramref name="paddingIdx"/> receive no gradient.
    /// </summary>
    public static Tensor Embedding(IReadOnlyList<int> ids, int[] idsShape, Tensor weight, int? paddingIdx = null)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"Embedding: the weight must be (vocab, dim), got {Shapes.Format(weight.ShapeArray)}.");
        if (Shapes.Count(idsShape) != ids.Count)
            throw new ArgumentException($"Embedding: {ids.Count} ids do not fill the shape {Shapes.Format(idsShape)}.");
        int vocab = weight.Size(0);
        for (int i = 0; i < ids.Count; i++)
            if ((uint)ids[i] >= (uint)vocab)
                throw new IndexOutOfRangeException(
                    $"Embedding: id {ids[i]} (position {i}) is outside the vocabulary of {vocab} rows; map unknown tokens to <unk> first.");
        Tensor rows = weight.IndexSelect(0, ids, paddingIdx); // (N, dim)
        return rows.Reshape([.. idsShape, weight.Size(1)]);
    }
}
