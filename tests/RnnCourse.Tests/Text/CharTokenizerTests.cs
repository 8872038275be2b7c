using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public sealed class CharTokenizerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("char-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EncodesEachCharacterAndDecodesBack()
    {
        var tokenizer = CharTokenizer.Train("hello world");
        // l ×3, o ×2, then the singletons ' ', d, e, h, r, w in ordinal order.
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "l", "o", " ", "d", "e", "h", "r", "w"], tokenizer.Vocabulary.Tokens);
        var ids = tokenizer.EncodeToIds("hello");
        Assert.Equal([9, 8, 4, 4, 5], ids);
        Assert.Equal("hello", tokenizer.Decode(ids));
        Assert.Equal(12, tokenizer.VocabularySize);
    }

    [Fact]
    public void ASurrogatePairIsOneCharacter()
    {
        var tokenizer = CharTokenizer.Train("a😀b");
        var tokens = tokenizer.EncodeToTokens("😀a");
        Assert.Equal(2, tokens.Count);
        Assert.Equal("😀", tokens[0].Value);
        Assert.Equal(0..2, tokens[0].Offset);
        Assert.Equal(2..3, tokens[1].Offset);
        Assert.Equal("😀a", tokenizer.Decode(tokens.Select(t => t.Id)));
    }

    [Fact]
    public void UnseenCharactersAreUnkAndDecodeToTheReplacementCharacter()
    {
        var tokenizer = CharTokenizer.Train("abc");
        var ids = tokenizer.EncodeToIds("axc");
        Assert.Equal(Vocabulary.UnknownId, ids[1]);
        Assert.Equal("a\uFFFDc", tokenizer.Decode(ids));
        Assert.Equal("ab", tokenizer.Decode([Vocabulary.StartId, 4, 5, Vocabulary.EndId, Vocabulary.PadId]));
    }

    [Fact]
    public void RefusesUnknownIdsAndUnpairedSurrogates()
    {
        var tokenizer = CharTokenizer.Train("abc");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([4, 99]));
        Assert.Contains("99", error.Message);
        Assert.Contains("0..6", error.Message);
        Assert.Throws<ArgumentException>(() => tokenizer.EncodeToIds("a\uD800b"));
    }

    [Fact]
    public void SavesAndLoads()
    {
        var tokenizer = CharTokenizer.Train("to be or not to be 😀", minCount: 1);
        string path = Path.Combine(_folder, "chars.json");
        tokenizer.Save(path);
        var loaded = Assert.IsType<CharTokenizer>(Tokenizer.Load(path));
        Assert.Equal(tokenizer.Vocabulary.Tokens, loaded.Vocabulary.Tokens);
        Assert.Equal(tokenizer.EncodeToIds("not 😀"), CharTokenizer.Load(path).EncodeToIds("not 😀"));
    }

    [Fact]
    public void RefusesAVocabularyOfWords()
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, "{\"format\": \"rnn-course/char-tokenizer\", \"version\": 1, \"tokens\": [\"<pad>\", \"<unk>\", \"<s>\", \"</s>\", \"ab\"]}");
        var error = Assert.Throws<InvalidDataException>(() => CharTokenizer.Load(path));
        Assert.Contains("not a single character", error.Message);
        Assert.Contains(path, error.Message);
    }
}
