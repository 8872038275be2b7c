namespace RnnCourse.NGrams;

/// <summary>
/// What the n-gram models share: the counts they read, argument checks, and the cut of the history to
/// its last n−1 tokens. A history shorter than n−1 (the start of a stream) is used as it is, so the
/// first tokens are predicted from lower-order counts.
/// </summary>
public abstract class NGramModel : ILanguageModel
{
    protected NGramModel(NGramCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        counts.Freeze();
        Counts = counts;
    }

    /// <summary>The counts the model reads.</summary>
    public NGramCounts Counts { get; }

    public int Order => Counts.Order;

    public int VocabularySize => Counts.VocabularySize;

    public abstract bool IsNormalized { get; }

    public double Probability(ReadOnlySpan<int> context, int token)
    {
        if ((uint)token >= (uint)VocabularySize)
            throw new ArgumentOutOfRangeException(nameof(token), token,
                $"Token id {token} is outside the vocabulary 0..{VocabularySize - 1}. Map words through the Vocabulary first (unknown words become <unk>).");
        if (context.Length > Order - 1) context = context[^(Order - 1)..];
        foreach (int id in context)
        {
            if ((uint)id >= (uint)VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(context), id,
                    $"Context token id {id} is outside the vocabulary 0..{VocabularySize - 1}. Map words through the Vocabulary first (unknown words become <unk>).");
        }
        Span<int> nodes = stackalloc int[2 * (context.Length + 1)];
        Span<int> contextNodes = nodes[..(context.Length + 1)], ngramNodes = nodes[(context.Length + 1)..];
        Counts.Walk(context, token, contextNodes, ngramNodes);
        return Probability(context.Length, token, contextNodes, ngramNodes);
    }

    /// <summary>ln P(token | context), in nats (−∞ for a zero probability).</summary>
    public double LogProbability(ReadOnlySpan<int> context, int token) => Math.Log(Probability(context, token));

    /// <summary>Writes P(w | context) for every w = 0..V−1 into <paramref name="destination"/> (length V).</summary>
    public void Distribution(ReadOnlySpan<int> context, Span<double> destination)
    {
        if (destination.Length != VocabularySize)
            throw new ArgumentException($"The destination has length {destination.Length}, but the vocabulary has {VocabularySize} tokens.", nameof(destination));
        for (int w = 0; w < destination.Length; w++) destination[w] = Probability(context, w);
    }

    /// <summary>
    /// P(token | the last m context tokens), given contextNodes[j] (node of the last j context tokens) and
    /// ngramNodes[j] (node of those j tokens followed by token), j = 0..m; -1 where never seen.
    /// </summary>
    private protected abstract double Probability(int m, int token, ReadOnlySpan<int> contextNodes, ReadOnlySpan<int> ngramNodes);

    /// <summary>c(h w) for node g, 0 when g is -1.</summary>
    private protected int CountOf(int g) => g < 0 ? 0 : Counts.Frequency[g];

    /// <summary>c(h) = Σ_w c(h w) for context node h, 0 when h is -1.</summary>
    private protected long ContextCountOf(int h) => h < 0 ? 0 : Counts.Contexts[h].FollowerTotal;
}
