using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// A lookup table of learned vectors, one row per token id (torch.nn.Embedding): weight (num, dim) ~ N(0, 1).
/// The row at <see cref="PaddingIdx"/> starts at zero and never receives a gradient, so it stays zero.
/// </summary>
public sealed class Embedding : Module
{
    public Parameter Weight { get; }
    public int? PaddingIdx { get; }

    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings), $"Embedding({numEmbeddings}, {embeddingDim}): sizes must be positive.");
        if (paddingIdx is int p && (p < 0 || p >= numEmbeddings))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"padding index {p} is not a row of a {numEmbeddings}-row table.");
        PaddingIdx = paddingIdx;
        Tensor w = Init.Normal(Torch.Zeros(numEmbeddings, embeddingDim), 0f, 1f, generator);
        if (paddingIdx is int pad) Array.Clear(w.Data, pad * embeddingDim, embeddingDim);
        Weight = RegisterParameter("weight", w);
    }

    /// <summary>ids shaped <paramref name="shape"/> (e.g. (B, T)) → vectors (B, T, dim).</summary>
    public Tensor Forward(IReadOnlyList<int> ids, params int[] shape)
        => Functional.Embedding(ids, shape.Length == 0 ? [ids.Count] : shape, Weight, PaddingIdx);

    protected override string ExtraRepr() => $"{Weight.Size(0)}, {Weight.Size(1)}" + (PaddingIdx is int p ? $", padding_idx={p}" : "");
}
