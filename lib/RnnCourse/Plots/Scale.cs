namespace RnnCourse.Plots;

/// <summary>
/// A labelled tick: where it sits along the axis (0 at the start, 1 at the end) and its text, with an
/// optional superscript (the exponent in 10<sup>-4</sup>).
/// </summary>
internal readonly record struct Tick(double Fraction, string Label, string? Superscript = null)
{
    public const double SuperscriptScale = 0.75;

    /// <summary>The rendered width of the label at <paramref name="fontSize"/>.</summary>
    public double Width(double fontSize) =>
        TextMetrics.Width(Label, fontSize) + (Superscript is null ? 0 : TextMetrics.Width(Superscript, fontSize * SuperscriptScale) + 1);
}

/// <summary>
/// Maps data values to a fraction of an axis's length and says where its ticks go. Charts multiply the
/// fraction by the plot's width or height, so scales know nothing about pixels.
/// </summary>
internal abstract class Scale
{
    /// <summary>The position of <paramref name="value"/> along the axis, or NaN when it cannot be shown (log of a non-positive value).</summary>
    public abstract double Fraction(double value);

    public abstract IReadOnlyList<Tick> Ticks { get; }

    /// <summary>Unlabelled tick positions (minor decades on log axes).</summary>
    public virtual IReadOnlyList<double> MinorTicks => [];

    /// <summary>Whether gridlines belong at the ticks (numeric axes) or not (category axes).</summary>
    public virtual bool HasGrid => true;
}

/// <summary>A linear numeric axis.</summary>
internal sealed class LinearScale : Scale
{
    private readonly double _min, _max;

    private LinearScale(double min, double max, IReadOnlyList<Tick> ticks)
    {
        _min = min;
        _max = max;
        Ticks = ticks;
    }

    /// <summary>
    /// A scale over the data range [<paramref name="min"/>, <paramref name="max"/>], widened to nice ticks,
    /// or exactly over <paramref name="fixedRange"/> when the caller pinned it.
    /// </summary>
    public static LinearScale Create(double min, double max, int maxTicks, (double Min, double Max)? fixedRange = null)
    {
        var ticks = fixedRange is { } r
            ? Plots.Ticks.Linear(r.Min, r.Max, maxTicks, loose: false)
            : Plots.Ticks.Linear(min, max, maxTicks);
        var largest = ticks.Values.Length == 0 ? 0 : ticks.Values.Max(Math.Abs);
        var span = ticks.Max - ticks.Min;
        var labelled = ticks.Values
            .Select(v => new Tick((v - ticks.Min) / span, NumberFormat.Tick(v, ticks.StepExponent, largest)))
            .ToArray();
        return new LinearScale(ticks.Min, ticks.Max, labelled);
    }

    public override double Fraction(double value) => (value - _min) / (_max - _min);

    public override IReadOnlyList<Tick> Ticks { get; }
}

/// <summary>A base-10 logarithmic numeric axis; non-positive values have no position.</summary>
internal sealed class LogScale : Scale
{
    private readonly double _logMin, _logMax;

    private LogScale(double min, double max, IReadOnlyList<Tick> ticks, IReadOnlyList<double> minor)
    {
        _logMin = Math.Log10(min);
        _logMax = Math.Log10(max);
        Ticks = ticks;
        MinorTicks = minor.Select(Fraction).ToArray();
    }

    public static LogScale Create(double min, double max, int maxTicks, (double Min, double Max)? fixedRange = null)
    {
        var ticks = fixedRange is { } r ? Plots.Ticks.Log(r.Min, r.Max, maxTicks, loose: false) : Plots.Ticks.Log(min, max, maxTicks);
        double logMin = Math.Log10(ticks.Min), logMax = Math.Log10(ticks.Max);
        var exponents = ticks.Major.Select(v => Math.Log10(v)).ToArray();
        var decadesOnly = exponents.All(e => Math.Abs(e - Math.Round(e)) < 1e-9);
        // Powers of ten read best as 10^k once some of them would need an exponent anyway.
        var powers = decadesOnly && exponents.Any(e => Math.Round(e) is < -3 or > 4);
        var labelled = ticks.Major
            .Select((v, i) => new Tick((exponents[i] - logMin) / (logMax - logMin), powers ? "10" : Label(v),
                powers ? Exponent((int)Math.Round(exponents[i])) : null))
            .ToArray();
        return new LogScale(ticks.Min, ticks.Max, labelled, ticks.Minor);
    }

    private static string Exponent(int k) =>
        k < 0 ? NumberFormat.Minus + (-k).ToString(System.Globalization.CultureInfo.InvariantCulture)
              : k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override double Fraction(double value) =>
        value > 0 ? (Math.Log10(value) - _logMin) / (_logMax - _logMin) : double.NaN;

    public override IReadOnlyList<Tick> Ticks { get; }

    public override IReadOnlyList<double> MinorTicks { get; }

    /// <summary>Plain decimals from 0.001 to 10000, compact exponents (1e-5, 2e6) beyond.</summary>
    private static string Label(double value)
    {
        var exponent = (int)Math.Floor(Math.Log10(value) + 1e-9);
        return NumberFormat.Tick(value, exponent, exponent is >= -3 and <= 4 ? 0 : double.MaxValue);
    }
}

/// <summary>
/// A category axis: one band per label, ticks at band centres. Rows of a matrix run downwards, so a
/// reversed band scale puts the first label at the top of a vertical axis.
/// </summary>
internal sealed class BandScale : Scale
{
    private readonly int _count;
    private readonly bool _reversed;

    public BandScale(IReadOnlyList<string> labels, bool reversed = false, int maxLabels = int.MaxValue)
    {
        _count = labels.Count;
        _reversed = reversed;
        var stride = LabelStride(labels.Count, maxLabels);
        Ticks = Enumerable.Range(0, labels.Count)
            .Where(i => i % stride == 0)
            .Select(i => new Tick(Fraction(i), labels[i]))
            .ToArray();
    }

    /// <summary>The centre of band <paramref name="index"/>.</summary>
    public override double Fraction(double index)
    {
        var f = (index + 0.5) / _count;
        return _reversed ? 1 - f : f;
    }

    public override IReadOnlyList<Tick> Ticks { get; }

    public override bool HasGrid => false;

    /// <summary>Label every 1st, 2nd, 5th, 10th, ... band so that at most <paramref name="maxLabels"/> show.</summary>
    private static int LabelStride(int count, int maxLabels)
    {
        if (count <= maxLabels) return 1;
        var (mantissa, exponent) = Plots.Ticks.NiceStep(count / (double)Math.Max(1, maxLabels));
        return (int)Math.Max(1, Plots.Ticks.Scaled(mantissa, exponent));
    }
}
