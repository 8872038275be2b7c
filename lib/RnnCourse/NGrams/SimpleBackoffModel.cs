namespace RnnCourse.NGrams;

/// <summary>
/// The textbook backoff: use the relative frequency of the longest context that was seen followed by w,
/// P(w | h) = c(h_k w) / c(h_k) for the longest suffix h_k of the history (k ≤ n−1, k ≥ 1) with
/// c(h_k w) &gt; 0, and else the add-one unigram P(w) = (c(w) + 1) / (N + V).
/// <para>
/// This is NOT a probability distribution (<see cref="IsNormalized"/> is false): a seen context keeps its
/// full relative frequencies, which already sum to 1, and its unseen words get lower-order mass on top,
/// so Σ_w P(w | h) &gt; 1 in general. Katz backoff (<see cref="KatzBackoffModel"/>) fixes this by
/// discounting the seen counts and scaling the lower order by a backoff weight α(h).
/// </para>
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class SimpleBackoffModel(NGramCounts counts) : NGramModel(counts)
{
    public override bool IsNormalized => false;

    private protected override double Probability(int m, int token, ReadOnlySpan<int> contextNodes, ReadOnlySpan<int> ngramNodes)
    {
        for (int j = m; j >= 1; j--)
        {
            int count = CountOf(ngramNodes[j]);
            if (count > 0) return (double)count / ContextCountOf(contextNodes[j]);
        }
        return (CountOf(ngramNodes[0]) + 1.0) / (Counts.TotalTokens + VocabularySize);
    }
}
