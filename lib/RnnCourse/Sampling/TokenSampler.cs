using RnnCourse.Tensors;

namespace RnnCourse.Sampling;

/// <summary>
/// Draws the next token from a row of logits (one score per token id): greedy, temperature, top-k and
/// top-p (nucleus) sampling. Probabilities are computed in double. Ties are broken towards the lower id, so
/// the same logits and the same generator state give the same token everywhere. Chapter 5.
/// </summary>
public static class TokenSampler
{
    /// <summary>argmax_i zᵢ, the first one on a tie (greedy decoding).</summary>
    public static int Greedy(ReadOnlySpan<float> logits)
    {
        CheckLogits(logits);
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        return best;
    }

    /// <summary>pᵢ = exp((zᵢ − max z) / τ) / Σⱼ exp((zⱼ − max z) / τ), τ &gt; 0: softmax at temperature τ.</summary>
    public static double[] Probabilities(ReadOnlySpan<float> logits, float temperature = 1f)
    {
        CheckLogits(logits);
        if (!(temperature > 0) || float.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Probabilities: the temperature must be finite and > 0; use Greedy for τ = 0.");
        float max = logits[Greedy(logits)];
        var p = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(((double)logits[i] - max) / temperature);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>Keeps the k largest probabilities (exactly k; on a tie the lower ids), zeroes the rest and renormalises.</summary>
    public static void KeepTopK(Span<double> probabilities, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "Top-k must keep at least one token (k ≥ 1).");
        if (k >= probabilities.Length) return;
        int[] order = DescendingOrder(probabilities);
        for (int r = k; r < order.Length; r++) probabilities[order[r]] = 0;
        Normalize(probabilities);
    }

    /// <summary>
    /// Keeps the nucleus: the fewest most likely tokens whose probabilities add up to at least p (sorted by
    /// probability, lower id first on a tie), zeroes the rest and renormalises.
    /// </summary>
    public static void KeepTopP(Span<double> probabilities, double p)
    {
        if (!(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "Top-p is a probability mass in (0, 1], e.g. 0.9.");
        int[] order = DescendingOrder(probabilities);
        double total = 0;
        foreach (double q in probabilities) total += q;
        double mass = 0;
        int kept = 0;
        while (kept < order.Length)
        {
            mass += probabilities[order[kept++]];
            if (mass >= p * total) break; // relative to the total, so p = 1 keeps everything despite rounding
        }
        for (int r = kept; r < order.Length; r++) probabilities[order[r]] = 0;
        Normalize(probabilities);
    }

    /// <summary>One draw from a distribution (inverse CDF with one uniform u ∈ [0, 1)): the first i with Σ_{j≤i} pⱼ &gt; u·Σp.</summary>
    public static int Draw(ReadOnlySpan<double> probabilities, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (probabilities.Length == 0) throw new ArgumentException("Draw: the distribution is empty.", nameof(probabilities));
        double total = 0;
        foreach (double q in probabilities)
        {
            if (!(q >= 0) || double.IsInfinity(q))
                throw new ArgumentException($"Draw: a probability is {q}; all must be finite and ≥ 0.", nameof(probabilities));
            total += q;
        }
        if (total <= 0) throw new ArgumentException("Draw: the probabilities add up to 0.", nameof(probabilities));
        double u = generator.NextDouble() * total, cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] == 0) continue;
            cumulative += probabilities[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last; // u fell past the sum by rounding: the last token with mass
    }

    /// <summary>The next token under <paramref name="options"/>: greedy when τ = 0, else temperature, top-k, top-p and a draw.</summary>
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        options.Validate();
        if (options.Temperature == 0) return Greedy(logits);
        double[] p = Probabilities(logits, options.Temperature);
        if (options.TopK is int k) KeepTopK(p, k);
        if (options.TopP is double topP) KeepTopP(p, topP);
        return Draw(p, generator);
    }

    /// <summary>Token ids by probability, largest first; a stable sort, so ties keep the lower id first.</summary>
    private static int[] DescendingOrder(ReadOnlySpan<double> probabilities)
    {
        double[] values = probabilities.ToArray();
        return Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ToArray();
    }

    private static void Normalize(Span<double> probabilities)
    {
        double sum = 0;
        foreach (double q in probabilities) sum += q;
        for (int i = 0; i < probabilities.Length; i++) probabilities[i] /= sum;
    }

    private static void CheckLogits(ReadOnlySpan<float> logits)
    {
        if (logits.Length == 0) throw new ArgumentException("The logits row is empty; pass one score per token id.", nameof(logits));
        foreach (float z in logits)
            if (float.IsNaN(z)) throw new ArgumentException("The logits hold NaN; the model that produced them has diverged.", nameof(logits));
    }
}
