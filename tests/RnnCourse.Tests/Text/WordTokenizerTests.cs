using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class WordTokenizerTests
{
    [Fact]
    public void SplitsWordsContractionsAndPunctuation()
    {
        var tokenizer = WordTokenizer.Train("");
        Assert.Equal(["Don't", "stop", ",", "Romeo", "!", "O'er", "42", "."], tokenizer.Split("Don't stop, Romeo! O'er 42."));
    }

    [Fact]
    public void LowerCasesWhenAsked()
    {
        var tokenizer = WordTokenizer.Train("The cat. the CAT!", lowerCase: true);
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "cat", "the", "!", "."], tokenizer.Vocabulary.Tokens);
        var tokens = tokenizer.EncodeToTokens("THE Dog");
        Assert.Equal([5, Vocabulary.UnknownId], tokens.Select(t => t.Id));
        Assert.Equal(0..3, tokens[0].Offset);
        Assert.Equal(4..7, tokens[1].Offset);
    }

    [Fact]
    public void DecodesWithSpacesButNoneBeforeClosingPunctuation()
    {
        var tokenizer = WordTokenizer.Train("To be, or not to be: that is the question.");
        var ids = tokenizer.EncodeToIds("To be, or not to be: that is the question.");
        Assert.Equal("To be, or not to be: that is the question.", tokenizer.Decode(ids));
        Assert.Equal("to <unk>", tokenizer.Decode([tokenizer.Vocabulary["to"], Vocabulary.UnknownId, Vocabulary.EndId]));
    }

    [Fact]
    public void KeepsRareWordsOutAndRoundTripsThroughJson()
    {
        var tokenizer = WordTokenizer.Train("a a b", minCount: 2, lowerCase: true, pattern: @"\S+");
        Assert.Equal(5, tokenizer.VocabularySize);
        var loaded = WordTokenizer.FromJson(tokenizer.ToJson());
        Assert.Equal(@"\S+", loaded.Pattern);
        Assert.True(loaded.LowerCase);
        Assert.Equal(tokenizer.EncodeToIds("A b a"), loaded.EncodeToIds("A b a"));
    }

    [Fact]
    public void RefusesABadPatternInAFile()
    {
        const string json = """
            {"format": "rnn-course/word-tokenizer", "version": 1, "pattern": "(unclosed", "lowerCase": false,
             "tokens": ["<pad>", "<unk>", "<s>", "</s>", "x"]}
            """;
        var error = Assert.Throws<InvalidDataException>(() => WordTokenizer.FromJson(json));
        Assert.Contains("not a valid regular expression", error.Message);
    }
}
