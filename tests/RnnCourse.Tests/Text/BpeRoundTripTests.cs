using System.Text;
using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

/// <summary>Property: Decode(EncodeToIds(s)) == s for any valid string, over many seeded random strings.</summary>
public class BpeRoundTripTests
{
    private static readonly BpeTokenizer Trained = BpeTokenizer.Train(
        [
            "The quick brown fox jumps over the lazy dog. Ünïcödé, naïve café; 日本語のテキスト。",
            "😀😃😄 emoji 👍🏽 family 👨‍👩‍👧 flags 🇫🇷 e\u0301 a\u0300\u0301 Ω≈ç√∫ \t\n\r\n  spaces   ",
            "Русский текст, ελληνικά, العربية, עברית, हिन्दी, 한국어 42 3.14 ١٢٣",
        ],
        vocabularySize: 500);

    // Pieces from many scripts and planes: ASCII, Latin-1, combining marks, CJK, RTL, emoji (surrogate
    // pairs, ZWJ sequences, skin tones, flags), whitespace of every kind, and raw random code points.
    private static readonly string[] Pieces =
    [
        "a", "Z", " ", "  ", "\n", "\t", "\r\n", "'s", "'ll", ".", ",", "!", "0", "42", "é", "e\u0301", "\u0301",
        "ß", "Ω", "日本", "語", "ж", "ع", "ש", "ह", "한", "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "𝐀", "\u00A0", "\u2028", "\u200B",
        "\uFEFF", "\uFFFD", "\0", "the", " fox",
    ];

    private static string RandomString(Random random)
    {
        var text = new StringBuilder();
        int parts = random.Next(0, 12);
        for (int i = 0; i < parts; i++)
        {
            if (random.Next(3) == 0)
            {
                // A random Unicode scalar value: any plane, no surrogate code points.
                int codePoint;
                do codePoint = random.Next(3) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0, 0x10000);
                while (codePoint is >= 0xD800 and <= 0xDFFF);
                text.Append(char.ConvertFromUtf32(codePoint));
            }
            else
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }
        }
        return text.ToString();
    }

    [Fact]
    public void RoundTripsRandomUnicodeStrings()
    {
        var random = new Random(20240601);
        var untrained = new BpeTokenizer([]);
        for (int trial = 0; trial < 3000; trial++)
        {
            string text = RandomString(random);
            Assert.Equal(text, Trained.Decode(Trained.EncodeToIds(text)));
            Assert.Equal(text, untrained.Decode(untrained.EncodeToIds(text)));
        }
    }

    [Fact]
    public void TokensCoverTheTextInOrder()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 500; trial++)
        {
            string text = RandomString(random);
            var tokens = Trained.EncodeToTokens(text);
            Assert.Equal(Trained.EncodeToIds(text), tokens.Select(t => t.Id));
            int byteCount = tokens.Sum(t => Trained.TokenBytes(t.Id).Length);
            Assert.Equal(Encoding.UTF8.GetByteCount(text), byteCount);
            for (int i = 1; i < tokens.Count; i++)
                Assert.True(tokens[i].Offset.Start.Value >= tokens[i - 1].Offset.Start.Value);
            if (tokens.Count > 0) Assert.Equal(text.Length, tokens[^1].Offset.End.Value);
        }
    }

    [Fact]
    public void RoundTripsTheEmptyString()
    {
        Assert.Empty(Trained.EncodeToIds(""));
        Assert.Equal("", Trained.Decode([]));
    }
}
