using System.Globalization;
using System.Text;

namespace RnnCourse.Text;

/// <summary>
/// Splits text into the chunks BPE merges stay inside, as GPT-2's pattern
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> does, but over whole
/// code points so a chunk never splits a surrogate pair. The chunks cover the text exactly, in order.
/// </summary>
internal static class ByteLevelPreTokenizer
{
    private enum Kind { Letter, Number, Space, Other }

    /// <summary>The chunks of <paramref name="text"/> as (start, length) in UTF-16 chars.</summary>
    public static IEnumerable<(int Start, int Length)> Split(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            int end = ContractionEnd(text, i);
            if (end < 0)
            {
                if (text[i] == ' ' && i + 1 < text.Length && KindAt(text, i + 1, out _) != Kind.Space)
                {
                    end = RunEnd(text, i + 1); // " ?" prefix: one space joins the run after it
                }
                else if (KindAt(text, i, out _) == Kind.Space)
                {
                    end = RunEnd(text, i);
                    // \s+(?!\S): a run followed by a non-space leaves its last char for what follows.
                    if (end < text.Length && end - i > 1) end -= 1;
                }
                else
                {
                    end = RunEnd(text, i);
                }
            }
            yield return (i, end - i);
            i = end;
        }
    }

    /// <summary>The end of the run of code points of the same kind as the one at <paramref name="start"/>.</summary>
    private static int RunEnd(string text, int start)
    {
        Kind kind = KindAt(text, start, out int end);
        end += start;
        while (end < text.Length && KindAt(text, end, out int width) == kind) end += width;
        return end;
    }

    private static int ContractionEnd(string text, int i)
    {
        if (text[i] != '\'') return -1;
        foreach (string suffix in (ReadOnlySpan<string>)["s", "t", "re", "ve", "m", "ll", "d"])
        {
            if (i + 1 + suffix.Length <= text.Length && string.CompareOrdinal(text, i + 1, suffix, 0, suffix.Length) == 0)
                return i + 1 + suffix.Length;
        }
        return -1;
    }

    private static Kind KindAt(string text, int i, out int width)
    {
        Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out width);
        if (Rune.IsWhiteSpace(rune)) return Kind.Space;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            _ => Kind.Other,
        };
    }
}
