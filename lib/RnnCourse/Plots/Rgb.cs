using System.Globalization;

namespace RnnCourse.Plots;

/// <summary>An sRGB colour with 8 bits per channel.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>The colour as <c>#rrggbb</c>.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Parses <c>#rrggbb</c> or <c>#rgb</c>.</summary>
    public static Rgb Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith('#') ? hex[1..] : hex;
        if (digits.Length == 3) digits = string.Concat(digits.Select(c => $"{c}{c}"));
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"'{hex}' is not a colour; write it as #rrggbb, for example #1f77b4.");
        return new Rgb((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    /// <summary>The colour a fraction <paramref name="t"/> of the way from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static Rgb Lerp(Rgb a, Rgb b, double t)
    {
        static byte Mix(byte x, byte y, double t) => (byte)Math.Round(x + (y - x) * t);
        return new Rgb(Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));
    }

    /// <summary>Relative luminance (WCAG): 0 for black, 1 for white. Text on colours above ~0.4 reads best in black.</summary>
    public double Luminance
    {
        get
        {
            static double Linear(byte c)
            {
                var s = c / 255.0;
                return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * Linear(R) + 0.7152 * Linear(G) + 0.0722 * Linear(B);
        }
    }

    public override string ToString() => Hex;
}
