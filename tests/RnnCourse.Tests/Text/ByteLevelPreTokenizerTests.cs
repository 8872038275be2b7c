using System.Text.RegularExpressions;
using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class ByteLevelPreTokenizerTests
{
    // GPT-2's pre-tokenizer pattern, as in OpenAI's encoder.py.
    private static readonly Regex Gpt2 = new(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+");

    private static string[] Chunks(string text) =>
        ByteLevelPreTokenizer.Split(text).Select(chunk => text.Substring(chunk.Start, chunk.Length)).ToArray();

    [Fact]
    public void SplitsLikeGpt2()
    {
        Assert.Equal(["Hello", ",", " world", "'s", "  ", " end", "\n", "\n", "42", "!!"], Chunks("Hello, world's   end\n\n42!!"));
    }

    [Fact]
    public void AgreesWithTheGpt2RegexOnRandomText()
    {
        // Over text without surrogates the code-point scanner and the UTF-16 regex must agree exactly.
        string alphabet = "ab Z9'\n\t.,!é5 ts rlvdm-\u00A0\u0301ж١";
        var random = new Random(2024);
        for (int trial = 0; trial < 2000; trial++)
        {
            string text = new(Enumerable.Range(0, random.Next(0, 25)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(Gpt2.Matches(text).Select(m => m.Value).ToArray(), Chunks(text));
        }
    }

    [Fact]
    public void NeverSplitsASurrogatePair()
    {
        foreach (string text in new[] { "😀😀 a😀", " 😀", "𝐀𝐁 x", "a\u0301😀b" })
        {
            string[] chunks = Chunks(text);
            Assert.Equal(text, string.Concat(chunks));
            Assert.All(chunks, chunk => Assert.False(char.IsHighSurrogate(chunk[^1])));
        }
    }
}
