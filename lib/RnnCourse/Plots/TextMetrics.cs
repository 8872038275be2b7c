namespace RnnCourse.Plots;

/// <summary>
/// Estimates how wide a label renders, from Helvetica/Arial advance widths (Liberation Sans has the same),
/// so that margins, legends and tick density can be laid out without a font engine.
/// </summary>
internal static class TextMetrics
{
    // Advance widths in thousandths of an em, for ' ' (32) through '~' (126).
    private static readonly short[] Ascii =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      // p-z { | } ~
    ];

    /// <summary>The estimated width of <paramref name="text"/> in pixels at <paramref name="fontSize"/>.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        double em = 0;
        foreach (var c in text)
        {
            em += c switch
            {
                >= ' ' and <= '~' => Ascii[c - ' '] / 1000.0,
                '\u2212' => 0.584, // minus sign
                >= '\u2E80' => 1.0, // CJK and other full-width scripts
                _ => 0.6,
            };
        }
        return em * fontSize * (bold ? 1.07 : 1.0);
    }

    /// <summary>
    /// <paramref name="text"/> shortened with an ellipsis until it fits <paramref name="maxWidth"/>, so a long
    /// title or label never runs off the chart (tooltips keep the full text).
    /// </summary>
    public static string Fit(string text, double fontSize, double maxWidth, bool bold = false)
    {
        if (Width(text, fontSize, bold) <= maxWidth) return text;
        var length = text.Length;
        while (length > 0 && Width(text[..length] + "…", fontSize, bold) > maxWidth) length--;
        return length == 0 ? "" : text[..length].TrimEnd() + "…";
    }

    /// <summary>The height a line of text takes, cap height plus descenders, with a little air.</summary>
    public static double LineHeight(double fontSize) => fontSize * 1.25;
}
