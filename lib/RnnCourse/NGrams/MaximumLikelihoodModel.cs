namespace RnnCourse.NGrams;

/// <summary>
/// The relative frequency: P_MLE(w | h) = c(h w) / c(h), with h the last n−1 tokens. It is a
/// distribution only for contexts seen in training; for an unseen context (c(h) = 0) it is undefined
/// and this returns 0, so <see cref="IsNormalized"/> is false. Any n-gram not in the training text has
/// probability 0, which makes the perplexity of almost any new text infinite: the sparsity problem
/// that smoothing solves.
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class MaximumLikelihoodModel(NGramCounts counts) : NGramModel(counts)
{
    public override bool IsNormalized => false;

    private protected override double Probability(int m, int token, ReadOnlySpan<int> contextNodes, ReadOnlySpan<int> ngramNodes)
    {
        long contextCount = ContextCountOf(contextNodes[m]);
        return contextCount == 0 ? 0.0 : (double)CountOf(ngramNodes[m]) / contextCount;
    }
}
