using RnnCourse.NGrams;

namespace RnnCourse.Tests.NGrams;

/// <summary>
/// The hand-computed examples' corpus: the stream "a b a c a b b" over V = 4 ids (a=0, b=1, c=2, and d=3
/// never seen).
/// Unigram counts (every position): c(a)=3, c(b)=3, c(c)=1, c(d)=0, N=7.
/// Bigrams (ending at positions 1..6): ab, ba, ac, ca, ab, bb, so c(ab)=2, c(ba)=c(ac)=c(ca)=c(bb)=1.
/// Context counts c(h) = Σ_w c(h w): c(a)=3, c(b)=2 (the last b has no follower), c(c)=1, c(d)=0.
/// Continuation counts N1+(• w): a after {b, c} = 2, b after {a, b} = 2, c after {a} = 1, d = 0; Σ = 5 bigram types.
/// </summary>
internal static class TinyCorpus
{
    public const int A = 0, B = 1, C = 2, D = 3, V = 4;

    public static readonly int[] Tokens = [A, B, A, C, A, B, B];

    public static NGramCounts Bigrams() => NGramCounts.FromStream(Tokens, order: 2, vocabularySize: V);

    public static double Sum(ILanguageModel model, ReadOnlySpan<int> context)
    {
        double sum = 0;
        for (int w = 0; w < model.VocabularySize; w++) sum += model.Probability(context, w);
        return sum;
    }
}
