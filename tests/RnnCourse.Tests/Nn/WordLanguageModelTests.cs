using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.Tests.Nn;

/// <summary>What a word-level model needs of <see cref="RecurrentLanguageModel"/>: the embedding folded into layer 0 only where
/// that is cheaper, dropout on the embedding output, and tied embedding and head weights.</summary>
public class WordLanguageModelTests
{
    private static readonly int[] Ids = [1, 8, 8, 0, 2, 3, 5, 5, 7, 1, 1, 4];     // (B=3, T=4)
    private static readonly int[] Targets = [8, 8, 0, 2, 3, 5, 5, 7, 1, 1, 4, 6];

    /// <summary>Logits, final state and every parameter's gradient of one forward and backward pass.</summary>
    private static Dictionary<string, float[]> LogitsAndGradients(RecurrentLanguageModel model, int[] ids, int batch, int steps, int[] targets)
    {
        model.ZeroGrad();
        var (logits, state) = model.Forward(ids, batch, steps);
        Functional.CrossEntropy(logits, targets).Backward();
        var result = model.NamedParameters().ToDictionary(p => "grad " + p.Name, p => p.Parameter.Grad!.ToArray());
        result["logits"] = logits.ToArray();
        result["h"] = state.H.ToArray();
        return result;
    }

    [Theory]
    [InlineData(RecurrentKind.Elman)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void FoldingTheEmbeddingIntoLayerZeroChangesNoLogitOrGradient(RecurrentKind kind)
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(kind, VocabSize: 9, EmbeddingSize: 6, HiddenSize: 7, NumLayers: 2), new Generator(6));
        model.FoldEmbedding = true;
        Assert.True(model.FoldsEmbedding(12));
        var folded = LogitsAndGradients(model, Ids, 3, 4, Targets);
        model.FoldEmbedding = false;
        Assert.False(model.FoldsEmbedding(12));
        foreach (var (name, unfolded) in LogitsAndGradients(model, Ids, 3, 4, Targets))
            Tolerance.AllClose(unfolded, folded[name], rtol: 1e-5, atol: 1e-5, what: name);
    }

    [Theory]
    [InlineData(RecurrentKind.Elman)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void TheFoldedEmbeddingGivesTheLogitsAndGradientsOfTheCellsLookingUpVectors(RecurrentKind kind)
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(kind, VocabSize: 9, EmbeddingSize: 6, HiddenSize: 7, NumLayers: 2), new Generator(6));
        model.FoldEmbedding = true;
        var folded = LogitsAndGradients(model, Ids, 3, 4, Targets);
        model.Rnn.Fused = false; // the cell equations step by step, from the embedding's vectors
        foreach (var (name, expected) in LogitsAndGradients(model, Ids, 3, 4, Targets))
            Tolerance.AllClose(expected, folded[name], rtol: 1e-5, atol: 1e-6, what: name);
    }

    [Fact]
    public void TheEmbeddingIsFoldedOnlyWhereTheTableHasNoMoreRowsThanTheBatch()
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, VocabSize: 700, EmbeddingSize: 8, HiddenSize: 8), new Generator(1));
        Assert.True(model.FoldsEmbedding(700));   // V = B·T: the products cost the same; a char model's V ≪ B·T
        Assert.False(model.FoldsEmbedding(699));  // a word model's V ≫ B·T, and a generation step's B·T = B
        model.FoldEmbedding = true;
        Assert.True(model.FoldsEmbedding(1));
        model.FoldEmbedding = null;
        model.Rnn.Fused = false;
        Assert.False(model.FoldsEmbedding(7000)); // the cell-by-cell reference reads vectors

        var dropped = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, 10, 8, 8, EmbeddingDropout: 0.1f), new Generator(1));
        Assert.False(dropped.FoldsEmbedding(100)); // dropout acts on the vectors while training...
        dropped.FoldEmbedding = true;
        Assert.False(dropped.FoldsEmbedding(100));
        dropped.Eval();
        Assert.True(dropped.FoldsEmbedding(100));  // ...and is the identity in evaluation
    }

    [Fact]
    public void ALargeVocabularyGivesTheSameLogitsAsTheModelComposedFromItsLayers()
    {
        var g = new Generator(3);
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, VocabSize: 50, EmbeddingSize: 5, HiddenSize: 6, NumLayers: 2), g);
        int[] ids = Enumerable.Range(0, 8).Select(_ => g.NextInt(50)).ToArray(); // B·T = 8 < V: not folded
        Assert.False(model.FoldsEmbedding(ids.Length));
        var (logits, _) = model.Forward(ids, 2, 4);

        Tensor x = model.Embedding.Forward(ids, 2, 4);                 // (2, 4, 5)
        var (h, _) = ((Lstm)model.Rnn).Forward(x);                       // (2, 4, 6)
        Tolerance.AllClose(model.Head.Forward(h).Data, logits.Data, what: "logits");
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void EmbeddingDropoutMasksTheVectorsWhileTrainingAndIsTheIdentityInEvaluation(RecurrentKind kind)
    {
        const float p = 0.5f;
        var g = new Generator(5);
        var model = new RecurrentLanguageModel(new LanguageModelConfig(kind, VocabSize: 9, EmbeddingSize: 6, HiddenSize: 7, EmbeddingDropout: p), g);
        ulong[] before = g.GetState();
        var trained = LogitsAndGradients(model, Ids, 3, 4, Targets);

        // The same pass composed by hand, with the same mask: y = Head(Rnn(Dropout(E[ids]))).
        g.SetState(before);
        model.ZeroGrad();
        Tensor x = Functional.Dropout(model.Embedding.Forward(Ids, 3, 4), p, training: true, g); // (3, 4, 6)
        Tensor?[] start = kind == RecurrentKind.Lstm ? [null, null] : [null];
        var (h, _) = model.Rnn.Run(x, start);                                                     // (3, 4, 7)
        Tensor logits = model.Head.Forward(h);
        Functional.CrossEntropy(logits, Targets).Backward();
        Tolerance.AllClose(logits.Data, trained["logits"], what: "logits");
        foreach (var (name, parameter) in model.NamedParameters())
            Tolerance.AllClose(parameter.Grad!.Data, trained["grad " + name], what: name);
        int dropped = x.Data.Count(v => v == 0f);
        Assert.InRange(dropped, 0.3 * x.Numel, 0.7 * x.Numel);

        model.Eval();
        var (evaluated, _) = model.Forward(Ids, 3, 4);
        var plain = new RecurrentLanguageModel(model.Config with { EmbeddingDropout = 0f });
        plain.LoadStateDict(model.StateDict());
        plain.Eval();
        Tolerance.AllClose(plain.Forward(Ids, 3, 4).Logits.Data, evaluated.Data, what: "evaluation logits");
    }

    [Fact]
    public void TiedWeightsAreOneParameterWhoseGradientSumsBothUses()
    {
        var tied = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, VocabSize: 9, EmbeddingSize: 6, HiddenSize: 6, TieWeights: true), new Generator(2));
        Assert.Same(tied.Embedding.Weight, tied.Head.Weight);
        string[] names = tied.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(1, names.Count(n => n.EndsWith(".weight", StringComparison.Ordinal) && n.StartsWith("embedding", StringComparison.Ordinal)));
        Assert.DoesNotContain("head.weight", names);
        Assert.Contains("head.bias", names);
        var untied = new RecurrentLanguageModel(tied.Config with { TieWeights = false }, new Generator(2));
        Assert.Equal(untied.ParameterCount - 9 * 6, tied.ParameterCount);

        // An untied model holding the same values: ∂L/∂E_tied = ∂L/∂E + ∂L/∂W_head.
        untied.LoadStateDict(tied.StateDict(), strict: false);
        tied.Embedding.Weight.Data.CopyTo(untied.Head.Weight.Data, 0);
        foreach (bool fold in new[] { true, false })
        {
            tied.FoldEmbedding = untied.FoldEmbedding = fold;
            var expected = LogitsAndGradients(untied, Ids, 3, 4, Targets);
            var actual = LogitsAndGradients(tied, Ids, 3, 4, Targets);
            Tolerance.AllClose(expected["logits"], actual["logits"], what: "logits");
            float[] sum = expected["grad embedding.weight"].Zip(expected["grad head.weight"], (a, b) => a + b).ToArray();
            Tolerance.AllClose(sum, actual["grad embedding.weight"], rtol: 1e-5, atol: 1e-6, what: $"tied gradient (fold {fold})");
        }
    }

    [Fact]
    public void TheTiedGradientMatchesFiniteDifferences()
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, VocabSize: 5, EmbeddingSize: 3, HiddenSize: 3, TieWeights: true), new Generator(4));
        int[] ids = [1, 4, 2, 0, 3, 3], targets = [4, 2, 0, 3, 3, 1]; // (B=2, T=3)
        GradCheck.Check(_ => Functional.CrossEntropy(model.Forward(ids, 2, 3).Logits, targets, reduction: Reduction.None),
                        [model.Embedding.Weight]); // the table is read twice: as the input embedding and as the head
    }

    [Fact]
    public void TyingNeedsTheEmbeddingAsWideAsTheHiddenState()
    {
        var e = Assert.Throws<ArgumentException>(() => new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, 9, 4, 6, TieWeights: true)));
        Assert.Contains("embedding size (4) to equal the hidden size (6)", e.Message);
    }

    [Fact]
    public void ATiedModelSavesItsTableOnceAndLoadsIntoBothUses()
    {
        var config = new LanguageModelConfig(RecurrentKind.Lstm, VocabSize: 9, EmbeddingSize: 6, HiddenSize: 6, Dropout: 0.1f, EmbeddingDropout: 0.2f, TieWeights: true);
        var model = new RecurrentLanguageModel(config, new Generator(7));
        using var folder = new TempFolder();
        string path = folder.File("tied.safetensors");
        Checkpoint.Save(path, model);
        Checkpoint checkpoint = Checkpoint.Load(path);
        Assert.Equal(config, checkpoint.Config);
        Assert.DoesNotContain("head.weight", checkpoint.ModelState.Keys);
        RecurrentLanguageModel loaded = checkpoint.CreateModel();
        Assert.Same(loaded.Embedding.Weight, loaded.Head.Weight);
        Assert.Equal(model.Head.Weight.Data, loaded.Head.Weight.Data);
    }
}
