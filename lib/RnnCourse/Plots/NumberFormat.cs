using System.Globalization;

namespace RnnCourse.Plots;

/// <summary>Formats numbers for labels and SVG attributes, always in the invariant culture.</summary>
internal static class NumberFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The minus sign used in labels (U+2212), which lines up with the digits unlike a hyphen.</summary>
    public const char Minus = '\u2212';

    /// <summary>A coordinate for an SVG attribute: at most two decimals, no exponent, "." as separator.</summary>
    public static string Coordinate(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"An SVG coordinate must be finite, got {value}.");
        var rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", Invariant);
    }

    /// <summary>
    /// A tick label for <paramref name="value"/> on an axis whose ticks are <c>m * 10^stepExponent</c> apart:
    /// fixed notation with as many decimals as the step needs, or a compact exponent form
    /// (<c>2.5e6</c>, <c>1e-7</c>) for very large or very small values.
    /// </summary>
    public static string Tick(double value, int stepExponent, double largestMagnitude)
    {
        if (value == 0) return "0";
        if (largestMagnitude >= 1e6 || stepExponent < -5)
        {
            var valueExponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
            var decimals = Math.Clamp(valueExponent - stepExponent, 0, 15);
            var format = decimals == 0 ? "0e0" : "0." + new string('#', decimals) + "e0";
            return WithMinus(value.ToString(format, Invariant));
        }
        return WithMinus(value.ToString("F" + Math.Clamp(-stepExponent, 0, 15), Invariant));
    }

    /// <summary>A value in about three significant digits, for cell annotations and summaries.</summary>
    public static string Compact(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : Minus + "∞";
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e5 || magnitude < 1e-3) return WithMinus(value.ToString("0.##e0", Invariant));
        var decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(magnitude)), 0, 4);
        var text = value.ToString("F" + decimals, Invariant);
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        return text is "-0" or "0" ? "0" : WithMinus(text);
    }

    private static string WithMinus(string text) => text.StartsWith('-') ? Minus + text[1..] : text;
}
