using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

public class RecurrentLanguageModelTests
{
    [Theory]
    [InlineData(RecurrentKind.Elman)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void StepwiseGenerationCarriesTheSameStateAsOneForwardPass(RecurrentKind kind)
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(kind, VocabSize: 7, EmbeddingSize: 5, HiddenSize: 6, NumLayers: 2), new Generator(4));
        model.Eval();
        int[] ids = [1, 4, 6, 0, 2, 3, 5, 5]; // (B=2, T=4)
        var (logits, final) = model.Forward(ids, 2, 4);
        Assert.Equal(new[] { 2, 4, 7 }, logits.Shape);

        RecurrentState? state = null;
        for (int t = 0; t < 4; t++)
        {
            var (stepLogits, next) = model.Step([ids[t], ids[4 + t]], state);
            state = next;
            for (int b = 0; b < 2; b++)
                for (int v = 0; v < 7; v++)
                    Assert.Equal(logits[b, t, v], stepLogits[b, v], 1e-5);
        }
        Tolerance.AllClose(final.H.Data, state!.H.Data, what: "h");
        if (kind == RecurrentKind.Lstm) Tolerance.AllClose(final.C!.Data, state.C!.Data, what: "c");
    }

    [Fact]
    public void GradientDescentLearnsARepeatingSequence()
    {
        var g = new Generator(8);
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, 4, 8, 16), g);
        int[] text = Enumerable.Range(0, 33).Select(i => i % 4).ToArray(); // 0 1 2 3 0 1 2 3 ...
        int[] inputs = text[..32], targets = text[1..];
        float first = 0, last = 0;
        for (int step = 0; step < 150; step++)
        {
            model.ZeroGrad();
            var (logits, _) = model.Forward(inputs, 1, 32);
            Tensor loss = Functional.CrossEntropy(logits, targets);
            loss.Backward();
            foreach (Parameter p in model.Parameters())
                for (int i = 0; i < p.Numel; i++) p.Data[i] -= 0.5f * p.Grad!.Data[i];
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.InRange(first, 1.0f, 2.5f); // ln 4 ≈ 1.386 at random init
        Assert.True(last < 0.05f, $"loss after training {last}");
    }

    [Fact]
    public void ParameterNamesMatchPyTorchModules()
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, 65, 32, 32, 2));
        string[] names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal("embedding.weight", names[0]);
        Assert.Contains("rnn.weight_hh_l1", names);
        Assert.Equal(["head.weight", "head.bias"], names[^2..]);
        long expected = 65 * 32 + 2 * (4 * 32 * 32 * 2 + 2 * 4 * 32) + 65 * 32 + 65;
        Assert.Equal(expected, model.ParameterCount);
    }
}
