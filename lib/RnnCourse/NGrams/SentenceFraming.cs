using RnnCourse.Text;

namespace RnnCourse.NGrams;

/// <summary>
/// How a sentence is framed for an n-gram model of order n: n−1 &lt;s&gt; pads, the sentence, one &lt;/s&gt;.
/// With n−1 pads even the first word has a full context (&lt;s&gt; … &lt;s&gt;), so P(w1 | &lt;s&gt;…) is the
/// probability of starting a sentence with w1. &lt;/s&gt; is predicted, so the model learns where sentences
/// end; &lt;s&gt; is never predicted (it is context only).
/// </summary>
public static class SentenceFraming
{
    /// <summary>The number of &lt;s&gt; pads for order <paramref name="order"/>: n − 1.</summary>
    public static int PadCount(int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        return order - 1;
    }

    /// <summary>&lt;s&gt;×(n−1), then <paramref name="sentence"/>, then &lt;/s&gt;.</summary>
    public static int[] Frame(ReadOnlySpan<int> sentence, int order)
    {
        int pads = PadCount(order);
        var framed = new int[pads + sentence.Length + 1];
        framed.AsSpan(0, pads).Fill(Vocabulary.StartId);
        sentence.CopyTo(framed.AsSpan(pads));
        framed[^1] = Vocabulary.EndId;
        return framed;
    }
}
