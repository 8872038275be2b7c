using RnnCourse.Nn;
using RnnCourse.Sampling;
using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Tests.Sampling;

/// <summary>Generation from a recurrent language model: seeded, primed, stopped at &lt;/s&gt; or a length.</summary>
public class TextGenerationTests
{
    private static RecurrentLanguageModel NewModel(RecurrentKind kind = RecurrentKind.Lstm)
        => new(new LanguageModelConfig(kind, 10, 6, 8, NumLayers: 2, Dropout: 0.3f), new Generator(1));

    [Fact]
    public void TheSameSeedGivesTheSameText()
    {
        RecurrentLanguageModel model = NewModel();
        var options = new SamplingOptions(1.2f, TopK: 6);
        int[] a = TextGeneration.Generate(model, [Vocabulary.StartId], 40, options, new Generator(5), stopId: null);
        int[] b = TextGeneration.Generate(model, [Vocabulary.StartId], 40, options, new Generator(5), stopId: null);
        int[] c = TextGeneration.Generate(model, [Vocabulary.StartId], 40, options, new Generator(6), stopId: null);
        Assert.Equal(40, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(model.Training); // the mode is restored
    }

    [Fact]
    public void GenerationStopsAtTheEndTokenOrTheLength()
    {
        RecurrentLanguageModel model = NewModel(RecurrentKind.Gru);
        model.Head.Bias!.Data[Vocabulary.EndId] = 50f; // </s> is by far the most likely next token
        Assert.Empty(TextGeneration.Generate(model, [Vocabulary.StartId], 10, SamplingOptions.Default, new Generator(1)));
        int[] unstopped = TextGeneration.Generate(model, [Vocabulary.StartId], 7, SamplingOptions.Default, new Generator(1), stopId: null);
        Assert.Equal(Enumerable.Repeat(Vocabulary.EndId, 7), unstopped);
    }

    [Fact]
    public void ExcludedTokensAreNeverDrawnAndPadAndStartNeverByDefault()
    {
        RecurrentLanguageModel model = NewModel(RecurrentKind.Gru);
        model.Head.Bias!.Data[Vocabulary.PadId] = 40f;
        model.Head.Bias!.Data[Vocabulary.StartId] = 40f;
        int[] text = TextGeneration.Generate(model, [Vocabulary.StartId], 30, new SamplingOptions(2f), new Generator(4), stopId: null);
        Assert.DoesNotContain(Vocabulary.PadId, text);
        Assert.DoesNotContain(Vocabulary.StartId, text);

        model.Head.Bias!.Data[Vocabulary.EndId] = 50f;
        int[] stream = TextGeneration.Generate(model, [5], 30, SamplingOptions.Greedy, new Generator(4), stopId: null,
            excluded: [Vocabulary.PadId, Vocabulary.StartId, Vocabulary.EndId]);
        Assert.Equal(30, stream.Length);
        Assert.DoesNotContain(Vocabulary.EndId, stream);
    }

    [Fact]
    public void GreedyGenerationFollowsTheArgmaxOfTheModelReadingThePrefixAndItsOwnOutput()
    {
        RecurrentLanguageModel model = NewModel(RecurrentKind.Elman);
        model.Eval();
        int[] prefix = [4, 5, 6];
        int[] generated = TextGeneration.Generate(model, prefix, 5, SamplingOptions.Greedy, new Generator(1), stopId: null);

        var sequence = prefix.ToList();
        for (int t = 0; t < 5; t++)
        {
            (Tensor logits, _) = model.Forward(sequence, 1, sequence.Count);     // (1, T, V)
            int next = TokenSampler.Greedy(logits.Data.AsSpan((sequence.Count - 1) * 10, 10));
            Assert.Equal(next, generated[t]);
            sequence.Add(next);
        }
    }

    [Fact]
    public void ABatchOfSamplesStopsEachRowOnItsOwn()
    {
        RecurrentLanguageModel model = NewModel(RecurrentKind.Gru);
        model.Head.Bias!.Data[Vocabulary.EndId] = 1.5f;
        int[][] rows = TextGeneration.GenerateBatch(model, [Vocabulary.StartId], 8, 30, SamplingOptions.Default, new Generator(3));
        Assert.Equal(8, rows.Length);
        Assert.All(rows, r => Assert.DoesNotContain(Vocabulary.EndId, r));
        Assert.True(rows.Select(r => r.Length).Distinct().Count() > 1, "rows end at different lengths");
    }

    [Fact]
    public void ABadPrefixIsRefused()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() =>
            TextGeneration.Generate(NewModel(), [], 5, SamplingOptions.Default, new Generator(1))).Message);
        Assert.Contains("prefix id 12", Assert.Throws<ArgumentException>(() =>
            TextGeneration.Generate(NewModel(), [12], 5, SamplingOptions.Default, new Generator(1))).Message);
    }
}
