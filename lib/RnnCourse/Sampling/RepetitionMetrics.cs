namespace RnnCourse.Sampling;

/// <summary>
/// How repetitive generated text is, the symptom of "neural text degeneration" (Holtzman et al. 2020): greedy
/// decoding falls into loops, sampling from the whole distribution does not. Two standard measures over token ids:
/// <list type="bullet">
/// <item><b>repeated n-gram rate</b> (seq-rep-n of Welleck et al. 2020): the share of a text's n-grams that already
/// occurred earlier in the same text, 1 − |distinct n-grams| / |n-grams|. 0 for a text without a repeated n-gram,
/// close to 1 for a text stuck in a loop.</item>
/// <item><b>distinct-n</b> (Li et al. 2016): over a set of texts, the distinct n-grams divided by all n-grams. Low
/// when the texts reuse the same phrases, within or across texts.</item>
/// </list>
/// n-grams never span two texts. Both are 0 when there is no n-gram at all (every text shorter than n), so that an
/// empty generation reads as "nothing repeated" rather than failing. Chapter 5.
/// </summary>
public static class RepetitionMetrics
{
    /// <summary>The number of n-grams of <paramref name="tokens"/>: max(0, length − n + 1).</summary>
    public static int NGramCount(IReadOnlyList<int> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        CheckOrder(n);
        return Math.Max(0, tokens.Count - n + 1);
    }

    /// <summary>
    /// seq-rep-n of one text: (its n-grams that repeat an earlier n-gram of the same text) / (its n-grams),
    /// which is 1 − distinct / total; 0 when the text has fewer than n tokens.
    /// </summary>
    public static double RepeatedNGramRate(IReadOnlyList<int> tokens, int n)
    {
        var (repeated, total) = Repeats(tokens, n);
        return total == 0 ? 0 : (double)repeated / total;
    }

    /// <summary>
    /// seq-rep-n pooled over texts: Σ repeated n-grams / Σ n-grams, each text checked against itself only (an n-gram
    /// that also occurs in another text does not count). With texts of equal length it is the mean of the texts' rates.
    /// </summary>
    public static double RepeatedNGramRate(IEnumerable<IReadOnlyList<int>> texts, int n)
    {
        ArgumentNullException.ThrowIfNull(texts);
        long repeated = 0, total = 0;
        foreach (IReadOnlyList<int> text in texts)
        {
            var (r, t) = Repeats(text, n);
            repeated += r;
            total += t;
        }
        return total == 0 ? 0 : (double)repeated / total;
    }

    /// <summary>distinct-n: the distinct n-grams of all <paramref name="texts"/> together, divided by their n-grams; 0 when there are none.</summary>
    public static double DistinctN(IEnumerable<IReadOnlyList<int>> texts, int n)
    {
        ArgumentNullException.ThrowIfNull(texts);
        CheckOrder(n);
        var seen = new HashSet<NGram>();
        long total = 0;
        foreach (IReadOnlyList<int> text in texts)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            for (int i = 0; i + n <= text.Count; i++, total++) seen.Add(new NGram(text, i, n));
        }
        return total == 0 ? 0 : (double)seen.Count / total;
    }

    /// <summary>distinct-n of one text.</summary>
    public static double DistinctN(IReadOnlyList<int> tokens, int n) => DistinctN([tokens], n);

    private static (long Repeated, long Total) Repeats(IReadOnlyList<int> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        CheckOrder(n);
        var seen = new HashSet<NGram>();
        long repeated = 0, total = 0;
        for (int i = 0; i + n <= tokens.Count; i++, total++)
            if (!seen.Add(new NGram(tokens, i, n))) repeated++;
        return (repeated, total);
    }

    private static void CheckOrder(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "The n-gram order n must be at least 1 (1: single tokens, 2: pairs, ...).");
    }

    /// <summary>n consecutive ids, copied, compared by value.</summary>
    private readonly struct NGram : IEquatable<NGram>
    {
        private readonly int[] _ids;
        private readonly int _hash;

        public NGram(IReadOnlyList<int> tokens, int start, int n)
        {
            _ids = new int[n];
            var hash = new HashCode();
            for (int k = 0; k < n; k++)
            {
                _ids[k] = tokens[start + k];
                hash.Add(_ids[k]);
            }
            _hash = hash.ToHashCode();
        }

        public bool Equals(NGram other) => _hash == other._hash && _ids.AsSpan().SequenceEqual(other._ids);

        public override bool Equals(object? obj) => obj is NGram other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
