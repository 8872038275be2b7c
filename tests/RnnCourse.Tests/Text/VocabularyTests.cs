using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public sealed class VocabularyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vocabulary-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SpecialsHaveFixedIds()
    {
        var vocabulary = Vocabulary.Build(["x"]);
        Assert.Equal(0, vocabulary["<pad>"]);
        Assert.Equal(1, vocabulary["<unk>"]);
        Assert.Equal(2, vocabulary["<s>"]);
        Assert.Equal(3, vocabulary["</s>"]);
        Assert.Equal((Vocabulary.PadId, Vocabulary.UnknownId, Vocabulary.StartId, Vocabulary.EndId), (0, 1, 2, 3));
        Assert.Equal(4, vocabulary["x"]);
    }

    [Fact]
    public void OrdersByCountThenOrdinallyAndDropsRareTokens()
    {
        string[] tokens = ["b", "a", "c", "a", "b", "d", "B", "a"];
        var vocabulary = Vocabulary.Build(tokens);
        // a ×3, b ×2, then the ties B, c, d (count 1) in ordinal order ("B" < "c" < "d").
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "a", "b", "B", "c", "d"], vocabulary.Tokens);
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "a", "b"], Vocabulary.Build(tokens, minCount: 2).Tokens);
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "a"], Vocabulary.Build(tokens, maxSize: 5).Tokens);
    }

    [Fact]
    public void IdsAreStableWhateverTheOrderOfTheCorpus()
    {
        var random = new Random(1);
        string[] tokens = Enumerable.Range(0, 500).Select(_ => ((char)('a' + random.Next(20))).ToString()).ToArray();
        var first = Vocabulary.Build(tokens);
        var shuffled = tokens.OrderBy(_ => random.Next()).ToArray();
        Assert.Equal(first.Tokens, Vocabulary.Build(shuffled).Tokens);
    }

    [Fact]
    public void UnknownTokensAreUnk()
    {
        var vocabulary = Vocabulary.Build(["cat", "dog"]);
        Assert.Equal(Vocabulary.UnknownId, vocabulary["zebra"]);
        Assert.False(vocabulary.Contains("zebra"));
        Assert.Equal([4, 1, 5], vocabulary.Encode(["cat", "zebra", "dog"]));
        Assert.Equal(["cat", "<unk>", "dog"], vocabulary.Decode([4, 1, 5]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.TokenOf(6));
        Assert.Contains("ids 0..5", error.Message);
    }

    [Fact]
    public void SpecialTextsInTheCorpusMapToTheSpecials()
    {
        var vocabulary = Vocabulary.Build(["<s>", "hi", "</s>", "<unk>"]);
        Assert.Equal(5, vocabulary.Count);
        Assert.Throws<ArgumentException>(() => Vocabulary.FromTokens(["hi", "<pad>"]));
    }

    [Fact]
    public void SavesAndLoadsAsJson()
    {
        var vocabulary = Vocabulary.Build(["naïve", "😀", "a\"b", "a", "a"]);
        string path = Path.Combine(_folder, "vocabulary.json");
        vocabulary.Save(path);
        Assert.Equal(vocabulary.Tokens, Vocabulary.Load(path).Tokens);
        Assert.Contains("\"format\": \"rnn-course/vocabulary\"", File.ReadAllText(path));
    }

    [Fact]
    public void RefusesCorruptJsonNamingTheFile()
    {
        string path = Path.Combine(_folder, "broken.json");
        File.WriteAllText(path, "{\"format\": \"rnn-course/vocabulary\", \"version\": 1, \"tokens\": [\"<pad>\", ");
        var error = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not valid JSON", error.Message);

        File.WriteAllText(path, "{\"format\": \"rnn-course/vocabulary\", \"version\": 1, \"tokens\": [\"<unk>\", \"<pad>\", \"<s>\", \"</s>\"]}");
        Assert.Contains("id 0 must be the special token <pad>", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);

        File.WriteAllText(path, "{\"format\": \"rnn-course/vocabulary\", \"version\": 1, \"tokens\": [\"<pad>\", \"<unk>\", \"<s>\", \"</s>\", \"x\", \"x\"]}");
        Assert.Contains("appears twice", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);

        File.WriteAllText(path, "{\"format\": \"something-else\", \"version\": 1}");
        Assert.Contains("format is 'something-else'", Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path)).Message);
    }
}
