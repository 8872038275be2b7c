namespace RnnCourse.NGrams;

/// <summary>
/// Interpolated modified Kneser-Ney (Chen &amp; Goodman 1998), the strong count-based baseline:
/// P_KN(w | h) = max(c(h w) − D(c(h w)), 0) / c(h) + γ(h) P_KN(w | h'),
/// γ(h) = (D1 N1(h •) + D2 N2(h •) + D3+ N3+(h •)) / c(h),
/// where h' is h without its first token and N_i(h •) counts the followers of h seen i times (3 or more
/// for N3+). At the highest order c is the raw count; at every lower order it is the continuation count
/// N1+(• h w), the number of distinct tokens seen before h w, because a lower order is only consulted to
/// say how likely w is in a new context. The recursion ends in the uniform 1/V, so every token has some
/// probability. An unseen context (zero denominator) passes straight down (γ = 1). A history shorter than
/// n−1 tokens starts at its own order and uses continuation counts throughout.
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class KneserNeyModel : NGramModel
{
    private readonly KneserNeyDiscount[] _discounts;

    /// <summary>
    /// A model with the given discounts per order (index 0 for unigrams), or Chen &amp; Goodman's estimates
    /// from the counts of counts (raw at the highest order, continuation below) when null.
    /// </summary>
    public KneserNeyModel(NGramCounts counts, IReadOnlyList<KneserNeyDiscount>? discounts = null) : base(counts)
    {
        if (discounts is not null && discounts.Count != counts.Order)
            throw new ArgumentException($"Give one discount triple per order: {counts.Order}, got {discounts.Count}.", nameof(discounts));
        _discounts = discounts?.ToArray() ?? EstimateDiscounts(counts);
    }

    /// <summary>Chen &amp; Goodman's discounts for each order 1..n of <paramref name="counts"/> (index 0 for unigrams).</summary>
    public static KneserNeyDiscount[] EstimateDiscounts(NGramCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var discounts = new KneserNeyDiscount[counts.Order];
        for (int k = 1; k <= counts.Order; k++)
        {
            Func<int, long> n = k == counts.Order
                ? r => counts.CountOfCounts(k, r)
                : r => counts.ContinuationCountOfCounts(k, r);
            discounts[k - 1] = KneserNeyDiscount.Estimate(n(1), n(2), n(3), n(4));
        }
        return discounts;
    }

    /// <summary>The discounts per order, index 0 for unigrams.</summary>
    public IReadOnlyList<KneserNeyDiscount> Discounts => _discounts;

    public override bool IsNormalized => true;

    private protected override double Probability(int m, int token, ReadOnlySpan<int> contextNodes, ReadOnlySpan<int> ngramNodes)
    {
        var counts = Counts;
        double probability = 1.0 / VocabularySize;
        for (int j = 0; j <= m; j++)
        {
            int h = contextNodes[j];
            if (h < 0) break; // longer contexts are unseen too
            bool highest = j == Order - 1;
            ref readonly ContextStatistics statistics = ref counts.Contexts[h];
            long total = highest ? statistics.FollowerTotal : statistics.ContinuationTotal;
            if (total == 0) continue;
            int g = ngramNodes[j];
            long count = g < 0 ? 0 : highest ? counts.Frequency[g] : counts.LeftExtensions[g];
            var d = _discounts[j];
            double gamma = highest
                ? d.D1 * statistics.FollowerN1 + d.D2 * statistics.FollowerN2 + d.D3Plus * statistics.FollowerN3Plus
                : d.D1 * statistics.ContinuationN1 + d.D2 * statistics.ContinuationN2 + d.D3Plus * statistics.ContinuationN3Plus;
            probability = (Math.Max(count - d.For(count), 0) + gamma * probability) / total;
        }
        return probability;
    }
}
