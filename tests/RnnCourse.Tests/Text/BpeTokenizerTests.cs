using System.Text;
using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public sealed class BpeTokenizerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bpe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Corpus = "low low low low lower lower newest newest newest widest widest";

    [Fact]
    public void LearnsTheMostFrequentPairFirst()
    {
        var tokenizer = BpeTokenizer.TrainWithMergeCount([Corpus], 3);
        // Chunks: "low", " low"×3, " lower"×2, " newest"×3, " widest"×2.
        // Pair counts: " l" 5, "lo" 6, "ow" 6, "es" 5, "st" 5, ... The top count 6 is shared by "lo" and
        // "ow"; the tie goes to the smaller ids: ('l','o') = (4+108, 4+111) < ('o','w') = (4+111, 4+119).
        Assert.Equal((4 + 'l', 4 + 'o'), tokenizer.Merges[0]);
        Assert.Equal("lo", tokenizer.TokenText(260));
        Assert.Equal("low", tokenizer.TokenText(261)); // "lo"+"w" now counts 6
        Assert.Equal(263, tokenizer.VocabularySize);
    }

    [Fact]
    public void EncodesTrainedWordsToFewTokens()
    {
        var tokenizer = BpeTokenizer.Train(Corpus, vocabularySize: 300);
        Assert.Single(tokenizer.EncodeToIds(" newest"));
        Assert.Equal(2, tokenizer.EncodeToIds("low newest").Count);
        Assert.True(tokenizer.VocabularySize <= 300);
    }

    [Fact]
    public void TokensCarryTheirTextAndOffsets()
    {
        var tokenizer = BpeTokenizer.Train(Corpus, vocabularySize: 300);
        var tokens = tokenizer.EncodeToTokens("low é😀");
        Assert.Equal("low", tokens[0].Value);
        Assert.Equal(0..3, tokens[0].Offset);
        // "é" and "😀" are not merged: one token per byte, each covering its whole character.
        Assert.Equal(" ", tokens[1].Value);
        Assert.Equal(["<0xC3>", "<0xA9>"], tokens.Skip(2).Take(2).Select(t => t.Value));
        Assert.All(tokens.Skip(2).Take(2), t => Assert.Equal(4..5, t.Offset));
        Assert.All(tokens.Skip(4), t => Assert.Equal(5..7, t.Offset));
        Assert.Equal(8, tokens.Count);
    }

    [Fact]
    public void DecodesSpecialsAndRefusesUnknownIds()
    {
        var tokenizer = BpeTokenizer.Train(Corpus, vocabularySize: 270);
        var ids = tokenizer.EncodeToIds("newest");
        Assert.Equal("newest", tokenizer.Decode([Vocabulary.StartId, .. ids, Vocabulary.EndId, Vocabulary.PadId]));
        Assert.Equal("\uFFFD", tokenizer.Decode([Vocabulary.UnknownId]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([5000]));
        Assert.Contains("5000", error.Message);
        Assert.Contains("0..269", error.Message);
    }

    [Fact]
    public void ByteIdsAreFourPlusTheByte()
    {
        var tokenizer = new BpeTokenizer([]);
        Assert.Equal(260, tokenizer.VocabularySize);
        Assert.Equal(Encoding.UTF8.GetBytes("aé").Select(b => 4 + b), tokenizer.EncodeToIds("aé"));
    }

    [Fact]
    public void SavesAndLoads()
    {
        var tokenizer = BpeTokenizer.Train(Corpus + " 😀😀 ünïcödé", vocabularySize: 320);
        string path = Path.Combine(_folder, "bpe.json");
        tokenizer.Save(path);
        var loaded = Assert.IsType<BpeTokenizer>(Tokenizer.Load(path));
        Assert.Equal(tokenizer.Merges, loaded.Merges);
        Assert.Equal(tokenizer.EncodeToIds("the lowest 😀"), BpeTokenizer.Load(path).EncodeToIds("the lowest 😀"));
    }

    [Fact]
    public void RefusesCorruptFiles()
    {
        string path = Path.Combine(_folder, "bpe.json");
        File.WriteAllText(path, "{\"format\": \"rnn-course/bpe-tokenizer\", \"version\": 1, \"merges\": [[108, 111], [260, 999]]}");
        var error = Assert.Throws<InvalidDataException>(() => BpeTokenizer.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("Merge 1 joins (260, 999)", error.Message);

        File.WriteAllText(path, "{\"format\": \"rnn-course/bpe-tokenizer\", \"version\": 1, \"merges\": [[108]]}");
        Assert.Contains("merge 0 is not a pair", Assert.Throws<InvalidDataException>(() => BpeTokenizer.Load(path)).Message);

        File.WriteAllText(path, "not json");
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => Tokenizer.Load(path)).Message);

        File.WriteAllText(path, "{\"format\": \"rnn-course/vocabulary\", \"version\": 1, \"tokens\": []}");
        Assert.Contains("not a tokenizer", Assert.Throws<InvalidDataException>(() => Tokenizer.Load(path)).Message);
    }

    [Fact]
    public void RefusesTooSmallAVocabularyAndUnpairedSurrogates()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Train("abc", vocabularySize: 100));
        var error = Assert.Throws<ArgumentException>(() => new BpeTokenizer([]).EncodeToIds("ab\uDC00"));
        Assert.Contains("unpaired", error.Message);
    }

    [Fact]
    public void StopsWhenNothingIsLeftToMerge()
    {
        // "ab ab": chunks "ab" and " ab"; merge "ab" (count 2), then " ab" (count 1), then no pair is left.
        var tokenizer = BpeTokenizer.Train("ab ab", vocabularySize: 1000);
        Assert.Equal(["ab", " ab"], Enumerable.Range(260, tokenizer.Merges.Count).Select(tokenizer.TokenText));
        Assert.Equal(262, tokenizer.VocabularySize);
    }
}
