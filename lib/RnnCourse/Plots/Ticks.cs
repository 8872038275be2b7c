namespace RnnCourse.Plots;

/// <summary>Tick positions on a linear axis: every value is an integer multiple of <see cref="Step"/>.</summary>
/// <param name="Min">Start of the axis (a tick when the range was loosened to nice bounds).</param>
/// <param name="Max">End of the axis.</param>
/// <param name="Step">Distance between ticks: 1, 2 or 5 times a power of ten.</param>
/// <param name="StepExponent">The power of ten in <see cref="Step"/>; it decides how many decimals labels need.</param>
/// <param name="Values">The tick values, ascending, all within [Min, Max].</param>
internal sealed record LinearTicks(double Min, double Max, double Step, int StepExponent, double[] Values);

/// <summary>Tick positions on a log axis: labelled major ticks and unlabelled minor ones.</summary>
/// <param name="Min">Start of the axis (a power of ten when loosened).</param>
/// <param name="Max">End of the axis.</param>
/// <param name="Major">Labelled ticks: powers of ten, or 1-2-5 multiples of them on short ranges.</param>
/// <param name="Minor">Unlabelled ticks at 2..9 times each power of ten, when they are not too dense.</param>
internal sealed record LogTicks(double Min, double Max, double[] Major, double[] Minor);

/// <summary>
/// "Nice" tick values: steps of 1, 2 or 5 times a power of ten on linear axes, whole decades on log axes,
/// so a reader can interpolate between gridlines at a glance.
/// </summary>
internal static class Ticks
{
    /// <summary>
    /// Ticks for data spanning [<paramref name="min"/>, <paramref name="max"/>], at most
    /// <paramref name="maxTicks"/> of them. Loose ticks widen the axis to the nearest ticks outside the data;
    /// tight ticks keep the axis exactly at the given bounds. A single value gets a small range around it.
    /// </summary>
    public static LinearTicks Linear(double min, double max, int maxTicks, bool loose = true)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentException($"Axis bounds must be finite, got [{min}, {max}].");
        if (min > max) (min, max) = (max, min);
        // A loose range that straddles a tick (zero, say) needs a tick on each side of it: three at least.
        maxTicks = Math.Max(loose ? 3 : 2, maxTicks);
        (min, max) = Widen(min, max);

        // Divide before subtracting so that ranges near ±double.MaxValue do not overflow.
        var rough = max / (maxTicks - 1) - min / (maxTicks - 1);
        var (mantissa, exponent) = NiceStep(rough);
        while (true)
        {
            var step = Scaled(mantissa, exponent);
            if (!double.IsFinite(step)) throw new InvalidOperationException($"No tick step fits [{min}, {max}] with {maxTicks} ticks.");
            var first = loose ? Math.Floor(min / step + 1e-9) : Math.Ceiling(min / step - 1e-9);
            var last = loose ? Math.Ceiling(max / step - 1e-9) : Math.Floor(max / step + 1e-9);
            var count = last - first + 1;
            var fits = count <= maxTicks && double.IsFinite(Scaled(last * mantissa, exponent));
            if (fits)
            {
                var values = new double[(int)Math.Max(0, count)];
                for (var i = 0; i < values.Length; i++)
                    values[i] = Scaled((first + i) * mantissa, exponent);
                return loose
                    ? new LinearTicks(values[0], values[^1], step, exponent, values)
                    : new LinearTicks(min, max, step, exponent, values);
            }
            (mantissa, exponent) = mantissa switch { 1 => (2, exponent), 2 => (5, exponent), _ => (1, exponent + 1) };
        }
    }

    /// <summary>
    /// Log-axis ticks for positive data in [<paramref name="min"/>, <paramref name="max"/>]: decades
    /// (every k-th decade on long ranges), with 2 and 5 added when the range spans at most two decades.
    /// </summary>
    public static LogTicks Log(double min, double max, int maxTicks, bool loose = true)
    {
        if (!(min > 0) || !(max > 0) || !double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentException($"A log axis needs positive finite bounds, got [{min}, {max}].");
        if (min > max) (min, max) = (max, min);
        maxTicks = Math.Max(2, maxTicks);

        var lowDecade = (int)Math.Floor(Math.Log10(min) + 1e-9);
        var highDecade = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (highDecade == lowDecade) highDecade++;
        // Label every stride-th decade, the smallest stride that keeps the labels within budget; a loose
        // axis then ends on labelled decades (where doubles can hold them).
        var stride = 1;
        while (true)
        {
            int low = FloorTo(lowDecade, stride), high = CeilingTo(highDecade, stride);
            if (!loose || low < -323 || high > 308) (low, high) = (lowDecade, highDecade);
            if ((CeilingTo(high, stride) - FloorTo(low, stride)) / stride + 1 <= maxTicks || stride > high - low)
            {
                (lowDecade, highDecade) = (low, high);
                break;
            }
            stride++;
        }
        double axisMin = loose ? Math.Pow(10, lowDecade) : min, axisMax = loose ? Math.Pow(10, highDecade) : max;
        var decades = highDecade - lowDecade;
        bool Inside(double v) => v >= axisMin * (1 - 1e-9) && v <= axisMax * (1 + 1e-9);

        var major = new List<double>();
        var minor = new List<double>();
        var withTwoAndFive = decades <= 2 && 3 * decades + 1 <= maxTicks + 1;
        for (var k = lowDecade; k <= highDecade; k++)
        {
            var decade = Pow10(k);
            if (k % stride == 0 && Inside(decade)) major.Add(decade);
            if (k == highDecade) break;
            for (var m = 2; m <= 9; m++)
            {
                var v = Scaled(m, k);
                if (!Inside(v)) continue;
                if (withTwoAndFive && m is 2 or 5) major.Add(v);
                else if (stride == 1 && decades <= 8) minor.Add(v);
            }
        }
        if (major.Count < 2 && !loose)
        {
            // A tight range inside one decade: fall back to linear 1-2-5 ticks, which are still nice.
            var linear = Linear(min, max, maxTicks, loose: false);
            return new LogTicks(min, max, linear.Values, []);
        }
        return new LogTicks(axisMin, axisMax, [.. major], [.. minor]);
    }

    private static int FloorTo(int value, int multiple) => (int)Math.Floor(value / (double)multiple) * multiple;

    private static int CeilingTo(int value, int multiple) => (int)Math.Ceiling(value / (double)multiple) * multiple;

    /// <summary>The smallest step of the form 1, 2 or 5 times 10^e that is at least <paramref name="rough"/>.</summary>
    public static (int Mantissa, int Exponent) NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
            throw new ArgumentException($"A tick step must be positive and finite, got {rough}.");
        var exponent = (int)Math.Floor(Math.Log10(rough));
        var fraction = rough / Math.Pow(10, exponent);
        return fraction switch
        {
            <= 1 + 1e-9 => (1, exponent),
            <= 2 + 1e-9 => (2, exponent),
            <= 5 + 1e-9 => (5, exponent),
            _ => (1, exponent + 1),
        };
    }

    /// <summary>10^k, exact for |k| up to 22 and the nearest double beyond.</summary>
    public static double Pow10(int k) => Scaled(1, k);

    /// <summary>
    /// The whole number <paramref name="multiple"/> times 10^<paramref name="exponent"/>, rounded once, so
    /// 3 × 10^-1 is the double nearest 0.3 rather than 0.30000000000000004.
    /// </summary>
    public static double Scaled(double multiple, int exponent) => exponent switch
    {
        // Powers of ten up to 10^22 are exact doubles, so one multiplication or division rounds once.
        >= 0 and <= 22 => multiple * Math.Pow(10, exponent),
        < 0 and >= -22 => multiple / Math.Pow(10, -exponent),
        // Beyond, let the decimal parser round "<multiple>e<exponent>" correctly.
        _ => double.Parse(FormattableString.Invariant($"{multiple:F0}e{exponent}"), System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Gives a single value (or a range below double precision) some width to draw ticks on.</summary>
    internal static (double Min, double Max) Widen(double min, double max)
    {
        var magnitude = Math.Max(Math.Abs(min), Math.Abs(max));
        if (max - min > magnitude * 1e-12) return (min, max);
        if (magnitude == 0) return (-1, 1);
        var center = (min + max) / 2;
        var half = Math.Max(Math.Abs(center) * 0.1, double.Epsilon);
        return (center - half, center + half);
    }
}
