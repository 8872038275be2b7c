namespace RnnCourse.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout: each element is zeroed with probability p and the rest scaled by 1/(1 − p), so
    /// the expectation is unchanged; the identity when not training or p = 0. ∂L/∂x = G ⊙ mask/(1 − p).
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, bool training, Generator? generator = null)
    {
        if (p < 0f || p >= 1f)
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        if (!training || p == 0f) return x;
        Generator g = generator ?? Generator.Default;
        float scale = 1f / (1f - p);
        var mask = new float[x.Numel];
        for (int i = 0; i < mask.Length; i++) mask[i] = g.NextFloat() >= p ? scale : 0f;
        return x * new Tensor(mask, [.. x.Shape]);
    }
}
