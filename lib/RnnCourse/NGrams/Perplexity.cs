using RnnCourse.Text;

namespace RnnCourse.NGrams;

/// <summary>
/// Evaluates a language model on held-out text: cross-entropy H = −(1/T) Σ_t log_b P(w_t | history) in
/// the chosen <see cref="LogBase"/> (bits = nats / ln 2), and perplexity e^{H_nats} = 2^{H_bits}.
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public static class Perplexity
{
    /// <summary>
    /// Over a token stream: every token is predicted from the tokens before it (the first from the empty
    /// history, so the first n−1 tokens use shorter contexts).
    /// </summary>
    public static PerplexityResult Evaluate(ILanguageModel model, ReadOnlySpan<int> tokens, LogBase logBase = LogBase.Nats)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckIds(model, tokens, "the token stream");
        var sum = new Accumulator();
        for (int t = 0; t < tokens.Length; t++)
            sum.Add(model.Probability(tokens[Math.Max(0, t - model.Order + 1)..t], tokens[t]));
        return sum.Result(logBase);
    }

    /// <summary>
    /// Over sentences of ids: each is framed as &lt;s&gt;×(n−1) sentence &lt;/s&gt; (<see cref="SentenceFraming"/>);
    /// every word and the &lt;/s&gt; are predicted, the &lt;s&gt; pads are not. So T = Σ (length + 1).
    /// </summary>
    public static PerplexityResult EvaluateSentences(ILanguageModel model, IEnumerable<IReadOnlyList<int>> sentences, LogBase logBase = LogBase.Nats)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sentences);
        var sum = new Accumulator();
        int pads = SentenceFraming.PadCount(model.Order);
        foreach (var sentence in sentences)
        {
            int[] framed = SentenceFraming.Frame(sentence.ToArray(), model.Order);
            CheckIds(model, framed, "a sentence");
            for (int t = pads; t < framed.Length; t++)
                sum.Add(model.Probability(framed.AsSpan(t - pads, pads), framed[t]));
        }
        return sum.Result(logBase);
    }

    /// <summary>Over sentences of words: words are mapped through <paramref name="vocabulary"/>, unknown ones to &lt;unk&gt;.</summary>
    public static PerplexityResult EvaluateSentences(ILanguageModel model, Vocabulary vocabulary, IEnumerable<IEnumerable<string>> sentences, LogBase logBase = LogBase.Nats)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(sentences);
        return EvaluateSentences(model, sentences.Select(words => (IReadOnlyList<int>)vocabulary.Encode(words)), logBase);
    }

    /// <summary>Converts a cross-entropy in nats to <paramref name="logBase"/>.</summary>
    public static double FromNats(double nats, LogBase logBase) => logBase == LogBase.Bits ? nats / Math.Log(2) : nats;

    private static void CheckIds(ILanguageModel model, ReadOnlySpan<int> tokens, string what)
    {
        foreach (int id in tokens)
        {
            if ((uint)id >= (uint)model.VocabularySize)
                throw new ArgumentException(
                    $"Token id {id} in {what} is outside the model's vocabulary 0..{model.VocabularySize - 1}. " +
                    "Encode the text with the vocabulary the model was counted with (unknown words become <unk>).");
        }
    }

    private struct Accumulator
    {
        private double _negativeLogSum;
        private long _count, _zeros;

        public void Add(double probability)
        {
            _count++;
            if (probability <= 0) { _zeros++; _negativeLogSum = double.PositiveInfinity; }
            else _negativeLogSum -= Math.Log(probability);
        }

        public readonly PerplexityResult Result(LogBase logBase)
        {
            if (_count == 0)
                throw new ArgumentException("There is nothing to evaluate: the text has no tokens to predict. Give a non-empty text.");
            double nats = _negativeLogSum / _count;
            return new PerplexityResult(FromNats(nats, logBase), Math.Exp(nats), logBase, _count, _zeros);
        }
    }
}
