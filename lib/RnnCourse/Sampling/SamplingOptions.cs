namespace RnnCourse.Sampling;

/// <summary>
/// How the next token is drawn from a row of logits z (chapter 5, sampling strategies). In order:
/// temperature p ∝ exp(z / τ) (τ = 0 is greedy: always the most likely token), then top-k (keep the k most
/// likely), then top-p (keep the smallest set of most likely tokens whose mass reaches p); what is kept
/// is renormalised and one token is drawn from it.
/// </summary>
/// <param name="Temperature">τ ≥ 0: below 1 sharpens the distribution (safer, more repetitive), above 1 flattens it (more varied, more mistakes); 0 is greedy.</param>
/// <param name="TopK">k ≥ 1: only the k most likely tokens can be drawn; null: no limit.</param>
/// <param name="TopP">p in (0, 1]: only the nucleus, the fewest most likely tokens with total probability ≥ p; null: no limit.</param>
public sealed record SamplingOptions(float Temperature = 1f, int? TopK = null, double? TopP = null)
{
    /// <summary>Always the most likely token (argmax).</summary>
    public static SamplingOptions Greedy { get; } = new(0f);

    /// <summary>Plain sampling from softmax(z).</summary>
    public static SamplingOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0) || float.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be a finite number ≥ 0 (0 is greedy, 1 the model's own distribution).");
        if (TopK is < 1)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "Top-k must keep at least one token (k ≥ 1).");
        if (TopP is { } p && !(p > 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "Top-p is a probability mass in (0, 1], e.g. 0.9.");
    }
}
