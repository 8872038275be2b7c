using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.Tests.Nn;

/// <summary>minGRU and minLSTM layers (parallel scan against the sequential loop, and against their equations by hand) and the language model that stacks them.</summary>
public class MinRnnTests
{
    private static MinRecurrentLayer Make(string kind, int input, int hidden, Generator g)
        => kind == "mingru" ? new MinGru(input, hidden, g) : new MinLstm(input, hidden, g);

    /// <summary>Forward, then backward of L = Σ w₁⊙output + Σ w₂⊙h_T; every value and gradient by name.</summary>
    private static Dictionary<string, float[]> Run(MinRecurrentLayer layer, Tensor x0, Tensor? h00, Tensor w1, Tensor w2, bool parallel)
    {
        layer.Parallel = parallel;
        layer.ZeroGrad();
        Tensor x = x0.Copy().RequiresGrad_();
        Tensor? h0 = h00?.Copy().RequiresGrad_();
        var (output, hT) = layer.Forward(x, h0);
        ((output * w1).Sum() + (hT * w2).Sum()).Backward();
        var result = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray());
        result["output"] = output.ToArray();
        result["h_T"] = hT.ToArray();
        result["x.grad"] = x.Grad!.ToArray();
        if (h0 is not null) result["h0.grad"] = h0.Grad!.ToArray();
        return result;
    }

    [Theory]
    [InlineData("mingru", 1, false)]
    [InlineData("mingru", 33, true)]
    [InlineData("mingru", 4096, true)]
    [InlineData("minlstm", 1, true)]
    [InlineData("minlstm", 33, false)]
    [InlineData("minlstm", 4096, true)]
    public void ParallelScanAndSequentialLoopAgree(string kind, int steps, bool withState)
    {
        var g = new Generator(7);
        MinRecurrentLayer layer = Make(kind, 5, 6, g);
        Tensor x = GradCheck.Random(g, -2, 2, 2, steps, 5);
        Tensor? h0 = withState ? GradCheck.Random(g, 0.1f, 2, 2, 6) : null;   // a positive state
        Tensor w1 = GradCheck.Random(g, -1, 1, 2, steps, 6), w2 = GradCheck.Random(g, -1, 1, 2, 6);
        var parallel = Run(layer, x, h0, w1, w2, parallel: true);
        var sequential = Run(layer, x, h0, w1, w2, parallel: false);
        Assert.Equal(sequential.Keys.Order(), parallel.Keys.Order());
        foreach (var (name, expected) in sequential)
        {
            if (name is "output" or "h_T")
            {
                Tolerance.AllClose(expected, parallel[name], rtol: 1e-5, atol: 0, what: name);    // h > 0: relative, element by element
                continue;
            }
            float largest = expected.Max(MathF.Abs);
            Tolerance.AllClose(expected, parallel[name], rtol: 0, atol: 1e-5 * largest, what: name); // gradients: relative to the largest entry
        }
    }

    [Fact]
    public void MinGruComputesItsEquations()
    {
        var g = new Generator(3);
        var layer = new MinGru(2, 3, g);
        Tensor x = GradCheck.Random(g, -2, 2, 1, 4, 2), h0 = GradCheck.Random(g, 0.2f, 1, 1, 3);
        float[] output = layer.Forward(x, h0).Output.Data;
        double[] h = [.. h0.Data.Select(v => (double)v)];
        for (int t = 0; t < 4; t++)
            for (int j = 0; j < 3; j++)
            {
                double k = layer.LinearZ.Bias!.Data[j], c = layer.LinearH.Bias!.Data[j];
                for (int i = 0; i < 2; i++)
                {
                    k += layer.LinearZ.Weight[j, i] * x[0, t, i];
                    c += layer.LinearH.Weight[j, i] * x[0, t, i];
                }
                double z = 1 / (1 + Math.Exp(-k));
                double candidate = c >= 0 ? c + 0.5 : 1 / (1 + Math.Exp(-c));   // g(c)
                h[j] = (1 - z) * h[j] + z * candidate;
                Assert.Equal(h[j], output[t * 3 + j], 1e-6);
            }
    }

    [Fact]
    public void MinLstmComputesItsEquations()
    {
        var g = new Generator(4);
        var layer = new MinLstm(2, 3, g);
        Tensor x = GradCheck.Random(g, -2, 2, 1, 4, 2);
        float[] output = layer.Forward(x).Output.Data;
        var h = new double[3];
        for (int t = 0; t < 4; t++)
            for (int j = 0; j < 3; j++)
            {
                double kf = layer.LinearF.Bias!.Data[j], ki = layer.LinearI.Bias!.Data[j], c = layer.LinearH.Bias!.Data[j];
                for (int i = 0; i < 2; i++)
                {
                    kf += layer.LinearF.Weight[j, i] * x[0, t, i];
                    ki += layer.LinearI.Weight[j, i] * x[0, t, i];
                    c += layer.LinearH.Weight[j, i] * x[0, t, i];
                }
                double f = 1 / (1 + Math.Exp(-kf)), input = 1 / (1 + Math.Exp(-ki));
                double candidate = c >= 0 ? c + 0.5 : 1 / (1 + Math.Exp(-c));
                h[j] = f / (f + input) * h[j] + input / (f + input) * candidate;
                Assert.Equal(h[j], output[t * 3 + j], 1e-6);
            }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(256)]
    public void ThreeMinGruOrTwoMinLstmLayersHaveTheParametersOfOneGruLayer(int hidden)
    {
        long gru = new Gru(hidden, hidden).ParameterCount;
        Assert.Equal(6L * hidden * hidden + 6L * hidden, gru);
        Assert.Equal(gru, 3 * new MinGru(hidden, hidden).ParameterCount);
        Assert.Equal(gru, 2 * new MinLstm(hidden, hidden).ParameterCount);
        long gruModel = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, 69, hidden, hidden)).ParameterCount;
        Assert.Equal(gruModel, new MinRnnLanguageModel(MinRnnKind.MinGru, 69, hidden, numLayers: 3).ParameterCount);
        Assert.Equal(gruModel, new MinRnnLanguageModel(MinRnnKind.MinLstm, 69, hidden, numLayers: 2).ParameterCount);
    }

    [Theory]
    [InlineData(MinRnnKind.MinGru)]
    [InlineData(MinRnnKind.MinLstm)]
    public void TwoWindowsWithTheCarriedStateEqualOneLongWindow(MinRnnKind kind)
    {
        var g = new Generator(11);
        var model = new MinRnnLanguageModel(kind, 10, 8, numLayers: 2, g);
        int[] ids = Enumerable.Range(0, 2 * 12).Select(_ => g.NextInt(10)).ToArray();        // (B = 2, T = 12)
        int[] first = [.. ids[..6], .. ids[12..18]], second = [.. ids[6..12], .. ids[18..]];  // (2, 6) each
        using var _ = Torch.NoGrad();
        var (whole, _) = model.Forward(ids, 2, 12);                                           // (2, 12, 10)
        var (a, state) = model.Forward(first, 2, 6);
        var (b, _) = model.Forward(second, 2, 6, state);
        Assert.Equal([2, 2, 8], state.H.Shape);
        Tensor joined = Tensor.Cat([a, b], 1);
        Tolerance.AllClose(whole.Data, joined.Data, rtol: 1e-5, atol: 1e-6, what: "logits");
        model.Parallel = false;
        var (sequential, _) = model.Forward(ids, 2, 12);
        Tolerance.AllClose(whole.Data, sequential.Data, rtol: 1e-5, atol: 1e-6, what: "logits, sequential");
    }

    [Theory]
    [InlineData(MinRnnKind.MinGru)]
    [InlineData(MinRnnKind.MinLstm)]
    public void TheTrainerTrainsAMinimalStackAndTheEvaluationScoresIt(MinRnnKind kind)
    {
        var g = new Generator(12);
        int[] stream = Enumerable.Range(0, 2_000).Select(i => 4 + i % 5).ToArray();             // ids 4..8, period 5
        var batches = new TokenStreamBatches(stream, batchSize: 4, steps: 10);
        var model = new MinRnnLanguageModel(kind, 10, 16, numLayers: 2, g);
        double before = Evaluation.Evaluate(model, batches, maxBatches: 4).Loss;
        var trainer = new Trainer(model, new AdamW(model.Parameters(), learningRate: 1e-2));
        trainer.Train(batches, totalSteps: 60);
        double after = Evaluation.Evaluate(model, batches, maxBatches: 4).Loss;
        Assert.InRange(before, Math.Log(10) - 0.5, Math.Log(10) + 0.5);                         // near ln V at the start
        Assert.True(after < 0.2, $"a period-5 stream is learned: loss {before:F3} → {after:F3} nats");
    }

    [Fact]
    public void WrongShapesAreNamed()
    {
        var layer = new MinGru(4, 5);
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Torch.Zeros(2, 3, 5)));
        Assert.Contains("(2, 3, 5)", e.Message);
        e = Assert.Throws<ArgumentException>(() => layer.Forward(Torch.Zeros(2, 3, 4), Torch.Ones(3, 5)));
        Assert.Contains("(2, 5)", e.Message);
        var model = new MinRnnLanguageModel(MinRnnKind.MinGru, 10, 5, numLayers: 2);
        e = Assert.Throws<ArgumentException>(() => model.Forward([1, 2], 1, 2, new RecurrentState(Torch.Ones(1, 1, 5))));
        Assert.Contains("(2, 1, 5)", e.Message);
    }
}
