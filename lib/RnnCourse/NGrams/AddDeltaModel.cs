namespace RnnCourse.NGrams;

/// <summary>
/// Add-δ (Lidstone; Laplace when δ = 1): pretend every n-gram was seen δ more times,
/// P_add-δ(w | h) = (c(h w) + δ) / (c(h) + δ N), with h the last n−1 tokens. N is the vocabulary size V
/// unless chosen; only with N = V does the model sum to 1 over the vocabulary. An unseen context gives
/// the uniform δ/(δN) = 1/N.
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class AddDeltaModel : NGramModel
{
    public AddDeltaModel(NGramCounts counts, double delta = 1.0, int? normalizerSize = null) : base(counts)
    {
        if (!(delta > 0) || double.IsInfinity(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be a positive finite number (1 is Laplace smoothing).");
        if (normalizerSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(normalizerSize), normalizerSize, "N must be at least 1.");
        Delta = delta;
        NormalizerSize = normalizerSize ?? counts.VocabularySize;
    }

    /// <summary>δ: the pseudo-count added to every n-gram.</summary>
    public double Delta { get; }

    /// <summary>N in the denominator (c(h) + δN); the vocabulary size unless chosen.</summary>
    public int NormalizerSize { get; }

    public override bool IsNormalized => NormalizerSize == VocabularySize;

    private protected override double Probability(int m, int token, ReadOnlySpan<int> contextNodes, ReadOnlySpan<int> ngramNodes) =>
        (CountOf(ngramNodes[m]) + Delta) / (ContextCountOf(contextNodes[m]) + Delta * NormalizerSize);
}
