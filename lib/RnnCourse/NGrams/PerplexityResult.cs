namespace RnnCourse.NGrams;

/// <summary>
/// The cross-entropy of a model on a text and its perplexity:
/// H = −(1/T) Σ_t log_b P(w_t | history), PPL = b^H (the same number in every base b).
/// </summary>
/// <param name="CrossEntropy">H in the unit <paramref name="Base"/>, per predicted token (∞ when some token had probability 0).</param>
/// <param name="Perplexity">b^H = e^{H in nats}: the effective number of equally likely choices per token.</param>
/// <param name="Base">The unit of <paramref name="CrossEntropy"/>.</param>
/// <param name="TokenCount">T: the number of predicted tokens (sentence ends included, &lt;s&gt; pads not).</param>
/// <param name="ZeroProbabilityCount">How many predicted tokens had probability 0 (each makes H infinite).</param>
public readonly record struct PerplexityResult(double CrossEntropy, double Perplexity, LogBase Base, long TokenCount, long ZeroProbabilityCount)
{
    public override string ToString() =>
        $"cross-entropy {CrossEntropy:F4} {(Base == LogBase.Bits ? "bits" : "nats")}/token, perplexity {Perplexity:F3} over {TokenCount} tokens" +
        (ZeroProbabilityCount > 0 ? $" ({ZeroProbabilityCount} with probability 0)" : "");
}
