namespace RnnCourse.NGrams;

/// <summary>
/// A language model over token ids 0..V−1: P(w | h), the probability that token w follows the history h.
/// An n-gram model reads only the last n−1 tokens of h (the Markov assumption).
/// </summary>
public interface ILanguageModel
{
    /// <summary>n: the model conditions on the last n−1 tokens.</summary>
    int Order { get; }

    /// <summary>V: the number of token ids the model predicts over.</summary>
    int VocabularySize { get; }

    /// <summary>
    /// True when Σ_w P(w | h) = 1 over all V tokens for every history h, seen in training or not.
    /// False for models that are scores rather than distributions (see each model's remarks).
    /// </summary>
    bool IsNormalized { get; }

    /// <summary>P(token | context); <paramref name="context"/> is the history in reading order, any length.</summary>
    double Probability(ReadOnlySpan<int> context, int token);

    /// <summary>ln P(token | context), in nats (−∞ for a zero probability).</summary>
    double LogProbability(ReadOnlySpan<int> context, int token) => Math.Log(Probability(context, token));

    /// <summary>Writes P(w | context) for every w = 0..V−1 into <paramref name="destination"/> (length V).</summary>
    void Distribution(ReadOnlySpan<int> context, Span<double> destination)
    {
        if (destination.Length != VocabularySize)
            throw new ArgumentException($"The destination has length {destination.Length}, but the vocabulary has {VocabularySize} tokens.", nameof(destination));
        for (int w = 0; w < destination.Length; w++) destination[w] = Probability(context, w);
    }
}
