namespace RnnCourse.NGrams;

/// <summary>
/// The three discounts of modified Kneser-Ney (Chen &amp; Goodman 1998) for one order: D1 for n-grams
/// counted once, D2 for twice, D3+ for three times or more. Each D_i lies in [0, i] so no count goes negative.
/// </summary>
public readonly record struct KneserNeyDiscount
{
    public KneserNeyDiscount(double d1, double d2, double d3Plus)
    {
        Check(d1, 1, nameof(d1));
        Check(d2, 2, nameof(d2));
        Check(d3Plus, 3, nameof(d3Plus));
        (D1, D2, D3Plus) = (d1, d2, d3Plus);
    }

    public double D1 { get; }
    public double D2 { get; }
    public double D3Plus { get; }

    /// <summary>D(c): 0 for c = 0, D1, D2, or D3+ for c ≥ 3.</summary>
    public double For(long count) => count switch
    {
        <= 0 => 0,
        1 => D1,
        2 => D2,
        _ => D3Plus,
    };

    /// <summary>
    /// Chen &amp; Goodman's estimates from the counts of counts n1..n4 of one order:
    /// Y = n1/(n1 + 2 n2), D1 = 1 − 2Y n2/n1, D2 = 2 − 3Y n3/n2, D3+ = 3 − 4Y n4/n3, each clamped to [0, i].
    /// When some n_r is 0 (tiny corpora) the formulas are undefined; then all three are Y, the single
    /// discount of Ney et al., or 0.5 when Y is undefined too.
    /// </summary>
    public static KneserNeyDiscount Estimate(long n1, long n2, long n3, long n4)
    {
        double y = SingleDiscount(n1, n2);
        if (n1 == 0 || n2 == 0 || n3 == 0 || n4 == 0) return new KneserNeyDiscount(y, y, y);
        return new KneserNeyDiscount(
            Math.Clamp(1 - 2 * y * n2 / n1, 0, 1),
            Math.Clamp(2 - 3 * y * n3 / n2, 0, 2),
            Math.Clamp(3 - 4 * y * n4 / n3, 0, 3));
    }

    /// <summary>
    /// Ney et al.'s single absolute discount from the counts of counts of one order: Y = n1/(n1 + 2 n2),
    /// in [0, 1]; 0.5 where it is undefined (n1 = n2 = 0). Also Katz's reserve discount (<see cref="KatzDiscount.GoodTuring"/>).
    /// </summary>
    internal static double SingleDiscount(long n1, long n2) => n1 + 2.0 * n2 > 0 ? n1 / (n1 + 2.0 * n2) : 0.5;

    private static void Check(double value, int max, string name)
    {
        if (!(value >= 0 && value <= max))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, {max}].");
    }
}
