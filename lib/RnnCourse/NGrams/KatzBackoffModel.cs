namespace RnnCourse.NGrams;

/// <summary>
/// Katz backoff: seen n-grams keep a discounted relative frequency, unseen ones share the mass taken,
/// in proportion to the lower order:
/// P_Katz(w | h) = c*(h w) / c(h) if c(h w) &gt; 0, else α(h) P_Katz(w | h'), with h' = h without its first
/// token and α(h) = (1 − Σ_{w: c(h w)&gt;0} c*(h w)/c(h)) / (1 − Σ_{w: c(h w)&gt;0} P_Katz(w | h')),
/// which makes Σ_w P_Katz(w | h) = 1. An unseen context (c(h) = 0) passes straight to h'.
/// The base is the discounted unigram with the taken mass spread evenly over all V tokens,
/// P(w) = c*(w)/N + (1 − Σ_v c*(v)/N) / V, so every token has some probability.
/// A context followed by every token it can be (nothing left for the lower order to fill) is not discounted.
/// <para>
/// <see cref="KatzDiscount.GoodTuring"/> takes mass only from the counts ≤ k it can discount. A context whose
/// followers were all seen more than k times, or only with counts whose Good-Turing estimate is unusable
/// (on names, most counts of the bigrams and trigrams), keeps Σ_w c*(h w) = c(h): α(h) would be 0 and every
/// token never seen after h would get probability 0, an infinite perplexity on any text that has one.
/// So a context that Good-Turing leaves undiscounted and that has a token left to back off to (the empty
/// context of the unigrams included) is discounted absolutely instead:
/// c*(h w) = c(h w) − D_n, with D_n = n1/(n1 + 2 n2) from the counts of counts of the order n = |h| + 1
/// (0.5 where that is 0, 1 or undefined). It then passes down 1 − Σ_w c*(h w)/c(h) = D_n N1+(h •)/c(h) &gt; 0,
/// α(h) is as above and the row still sums to 1; D_n &lt; 1 keeps every seen n-gram's probability positive.
/// Contexts where Good-Turing discounts something are unchanged.
/// </para>
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class KatzBackoffModel : NGramModel
{
    private readonly double[] _seenProbability; // P_Katz(w | h) for each seen n-gram node h w
    private readonly double[] _alpha;           // α(h) for each context node h
    private readonly double _unseenUnigram;     // P(w) for a token never seen

    public KatzBackoffModel(NGramCounts counts, KatzDiscount? discount = null) : base(counts)
    {
        Discount = discount ?? KatzDiscount.Absolute(0.5);
        int nodes = counts.NodeTotal;
        _seenProbability = new double[nodes];
        _alpha = new double[nodes];
        int[][] nodesByOrder = NodesByOrder(counts);

        // Unigrams: the empty context reserves mass when some token was never seen.
        double total = counts.TotalTokens, seenMass = 0;
        var unigramTable = Discount.DiscountedCounts(counts, 1);
        int[] unigrams = nodesByOrder[1];
        double? unigramReserve = unigrams.Length < VocabularySize && !unigrams.Any(g => IsDiscounted(counts.Frequency[g], unigramTable))
            ? Discount.ReserveDiscount(counts, 1) : null;
        double UnigramCount(int g) => unigramReserve is { } d ? counts.Frequency[g] - d : Discounted(counts.Frequency[g], unigramTable);
        foreach (int g in unigrams) seenMass += UnigramCount(g) / total;
        _unseenUnigram = total == 0 ? 1.0 / VocabularySize : (1 - seenMass) / VocabularySize;
        foreach (int g in unigrams) _seenProbability[g] = UnigramCount(g) / total + _unseenUnigram;

        // Higher orders, each from the finished one below.
        var discountedSum = new double[nodes];
        var lowerSum = new double[nodes];
        var anyDiscounted = new bool[nodes];
        for (int k = 2; k <= Order; k++)
        {
            var table = Discount.DiscountedCounts(counts, k);
            double? reserve = Discount.ReserveDiscount(counts, k);
            foreach (int g in nodesByOrder[k])
            {
                int h = counts.Prefix[g];
                discountedSum[h] += Discounted(counts.Frequency[g], table) / counts.Contexts[h].FollowerTotal;
                lowerSum[h] += _seenProbability[counts.Suffix[g]];
                anyDiscounted[h] |= IsDiscounted(counts.Frequency[g], table);
            }
            foreach (int g in nodesByOrder[k])
            {
                int h = counts.Prefix[g];
                ref readonly ContextStatistics context = ref counts.Contexts[h];
                bool nothingLeftBelow = 1 - lowerSum[h] <= 1e-12;
                double? d = nothingLeftBelow || anyDiscounted[h] ? null : reserve;
                double count = nothingLeftBelow ? counts.Frequency[g]
                             : d is { } absolute ? counts.Frequency[g] - absolute
                             : Discounted(counts.Frequency[g], table);
                double left = d is { } taken ? taken * context.DistinctFollowers / context.FollowerTotal : 1 - discountedSum[h];
                _seenProbability[g] = count / context.FollowerTotal;
                _alpha[h] = nothingLeftBelow ? 0 : left / (1 - lowerSum[h]);
            }
        }
    }

    /// <summary>The discounting of seen counts.</summary>
    public KatzDiscount Discount { get; }

    public override bool IsNormalized => true;

    /// <summary>α(h) for a context (length 1..n−1); 1 for an unseen context, which passes all its mass down.</summary>
    public double BackoffWeight(ReadOnlySpan<int> context)
    {
        if (context.Length < 1 || context.Length > Order - 1)
            throw new ArgumentException($"A context has 1..{Order - 1} tokens, got {context.Length}.", nameof(context));
        int h = Counts.FindNode(context);
        return ContextCountOf(h) == 0 ? 1.0 : _alpha[h];
    }

    private protected override double Probability(int m, int token, ReadOnlySpan<int> contextNodes, ReadOnlySpan<int> ngramNodes)
    {
        double scale = 1;
        for (int j = m; j >= 1; j--)
        {
            int h = contextNodes[j];
            if (ContextCountOf(h) == 0) continue;
            int g = ngramNodes[j];
            if (CountOf(g) > 0) return scale * _seenProbability[g];
            scale *= _alpha[h];
        }
        return scale * (CountOf(ngramNodes[0]) > 0 ? _seenProbability[ngramNodes[0]] : _unseenUnigram);
    }

    private double Discounted(int count, double[] table) =>
        count < table.Length ? table[count] : count - Discount.DiscountAbove;

    /// <summary>True when the discount takes something from <paramref name="count"/>.</summary>
    private bool IsDiscounted(int count, double[] table) => Discounted(count, table) < count;

    /// <summary>The counted n-gram nodes grouped by order.</summary>
    internal static int[][] NodesByOrder(NGramCounts counts)
    {
        var sizes = new int[counts.Order + 1];
        for (int g = 1; g < counts.NodeTotal; g++) if (counts.Frequency[g] > 0) sizes[counts.Length[g]]++;
        var groups = sizes.Select(size => new int[size]).ToArray();
        var filled = new int[counts.Order + 1];
        for (int g = 1; g < counts.NodeTotal; g++)
        {
            if (counts.Frequency[g] > 0) { int k = counts.Length[g]; groups[k][filled[k]++] = g; }
        }
        return groups;
    }
}
