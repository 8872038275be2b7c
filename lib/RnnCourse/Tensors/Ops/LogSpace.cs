namespace RnnCourse.Tensors;

/// <summary>
/// Element-wise functions for recurrences computed in log space (chapter 10): softplus, and minGRU's positive
/// activation g with its logarithm. Each is evaluated in a form that neither overflows nor loses the small values.
/// </summary>
public partial class Tensor
{
    /// <summary>softplus(x) = log(1 + eˣ) = max(x, 0) + log(1 + e^(−|x|)) (torch F.softplus, without its threshold);
    /// ∂/∂x = σ(x). Note −softplus(−x) = log σ(x) and −softplus(x) = log(1 − σ(x)).</summary>
    public Tensor Softplus() => Pointwise("SoftplusBackward",
        (x, y) =>
        {
            for (int i = 0; i < x.Length; i++) y[i] = Softplus(x[i]);
        },
        (x, _, d) =>
        {
            for (int i = 0; i < x.Length; i++) d[i] = Sigmoid(x[i]);
        });

    /// <summary>minGRU's g(x) = x + ½ for x ≥ 0, σ(x) below: positive, continuous at 0 (both ½), linear for large x.</summary>
    internal Tensor PositiveG() => Pointwise("GBackward",
        (x, y) =>
        {
            for (int i = 0; i < x.Length; i++) y[i] = x[i] >= 0f ? x[i] + 0.5f : Sigmoid(x[i]);
        },
        (x, y, d) =>
        {
            for (int i = 0; i < x.Length; i++) d[i] = x[i] >= 0f ? 1f : y[i] * (1f - y[i]);
        });

    /// <summary>log g(x): log(x + ½) for x ≥ 0, log σ(x) = −softplus(−x) below (exact for very negative x,
    /// where σ(x) itself would round to 0).</summary>
    internal Tensor LogPositiveG() => Pointwise("LogGBackward",
        (x, y) =>
        {
            for (int i = 0; i < x.Length; i++) y[i] = x[i] >= 0f ? MathF.Log(x[i] + 0.5f) : -Softplus(-x[i]);
        },
        (x, _, d) =>
        {
            for (int i = 0; i < x.Length; i++) d[i] = x[i] >= 0f ? 1f / (x[i] + 0.5f) : Sigmoid(-x[i]);
        });

    /// <summary>In double, so that log(1 + e^(−|x|)) keeps its value when e^(−|x|) is below float's epsilon.</summary>
    private static float Softplus(float x) => (float)(Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs((double)x))));

    private static float Sigmoid(float x) => x >= 0f ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
}

public static partial class Functional
{
    /// <summary>minGRU's candidate activation g(x) = x + ½ (x ≥ 0), σ(x) (x &lt; 0): it keeps h positive, so that log h exists.</summary>
    public static Tensor G(Tensor x) => x.PositiveG();

    /// <summary>log g(x), computed without forming g(x) where it is tiny.</summary>
    public static Tensor LogG(Tensor x) => x.LogPositiveG();
}
