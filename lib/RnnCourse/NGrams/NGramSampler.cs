using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.NGrams;

/// <summary>
/// Generates text from a language model by ancestral sampling: draw w_t ~ P(· | w_{t−n+1..t−1}), append,
/// repeat. Deterministic for a given seed (its own xoshiro256** generator). A model that is not normalized
/// (<see cref="ILanguageModel.IsNormalized"/> false) is sampled from its scores divided by their sum.
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class NGramSampler
{
    private readonly ILanguageModel _model;
    private readonly Generator _random;
    private readonly double[] _scores;

    public NGramSampler(ILanguageModel model, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _random = new Generator(seed);
        _scores = new double[model.VocabularySize];
    }

    /// <summary>Draws one token after <paramref name="context"/>, never one of <paramref name="excluded"/>.</summary>
    public int Next(ReadOnlySpan<int> context, ReadOnlySpan<int> excluded = default)
    {
        _model.Distribution(context, _scores);
        foreach (int id in excluded) if ((uint)id < (uint)_scores.Length) _scores[id] = 0;
        double total = 0;
        foreach (double score in _scores) total += score;
        if (!(total > 0))
            throw new InvalidOperationException(
                "The model gives every allowed token probability 0 after this context (an unsmoothed model on an unseen context?). Use a smoothed model such as KneserNeyModel.");
        double target = _random.NextDouble() * total, cumulative = 0;
        int last = -1;
        for (int w = 0; w < _scores.Length; w++)
        {
            if (_scores[w] <= 0) continue;
            cumulative += _scores[w];
            last = w;
            if (target < cumulative) return w;
        }
        return last; // rounding left target at the very top
    }

    /// <summary>Continues <paramref name="prompt"/> by <paramref name="count"/> tokens (a stream: nothing excluded); returns only the new tokens.</summary>
    public int[] Generate(ReadOnlySpan<int> prompt, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var tokens = new List<int>(prompt.Length + count);
        tokens.AddRange(prompt);
        for (int i = 0; i < count; i++)
        {
            var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
            tokens.Add(Next(all[Math.Max(0, all.Length - _model.Order + 1)..]));
        }
        return tokens.GetRange(prompt.Length, count).ToArray();
    }

    /// <summary>
    /// One sentence: starts from &lt;s&gt;×(n−1), draws until &lt;/s&gt; or <paramref name="maxLength"/> tokens, and
    /// returns the tokens without the pads and &lt;/s&gt;. &lt;pad&gt; and &lt;s&gt; are never drawn.
    /// </summary>
    public int[] GenerateSentence(int maxLength = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        int pads = SentenceFraming.PadCount(_model.Order);
        var tokens = new List<int>(Enumerable.Repeat(Vocabulary.StartId, pads));
        ReadOnlySpan<int> excluded = [Vocabulary.PadId, Vocabulary.StartId];
        while (tokens.Count - pads < maxLength)
        {
            var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
            int next = Next(all[(all.Length - pads)..], excluded);
            if (next == Vocabulary.EndId) break;
            tokens.Add(next);
        }
        return tokens.Skip(pads).ToArray();
    }
}
