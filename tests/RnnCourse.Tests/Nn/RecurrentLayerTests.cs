using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

/// <summary>The fused sequence kernels against the step-by-step cell equations: outputs, final states and every gradient.</summary>
public class RecurrentLayerTests
{
    public static TheoryData<string, int, int, int, int, int, bool> Configurations => new()
    {
        // kind, batch, steps, input, hidden, layers, with initial state
        { "elman", 3, 5, 4, 6, 1, false },
        { "elman", 2, 7, 3, 5, 2, true },
        { "elman-relu", 2, 4, 3, 5, 2, true },
        { "lstm", 3, 5, 4, 6, 1, false },
        { "lstm", 2, 6, 3, 5, 3, true },
        { "lstm", 1, 1, 2, 3, 1, true },
        { "gru", 3, 5, 4, 6, 1, false },
        { "gru", 2, 6, 3, 5, 2, true },
        { "gru-nobias", 2, 4, 3, 4, 2, true },
        { "lstm-nobias", 2, 4, 3, 4, 2, false },
    };

    [Theory, MemberData(nameof(Configurations))]
    public void FusedMatchesCellComposition(string kind, int batch, int steps, int input, int hidden, int layers, bool withState)
    {
        var g = new Generator(99);
        RecurrentLayer layer = Make(kind, input, hidden, layers, g);
        Tensor x = GradCheck.Random(g, -1, 1, batch, steps, input);
        Tensor h0 = GradCheck.Random(g, -1, 1, layers, batch, hidden), c0 = GradCheck.Random(g, -1, 1, layers, batch, hidden);

        var fused = Run(layer, kind, x, h0, c0, withState, fused: true);
        var reference = Run(layer, kind, x, h0, c0, withState, fused: false);
        Assert.Equal(reference.Count, fused.Count);
        foreach (var (name, expected) in reference)
            Tolerance.AllClose(expected, fused[name], rtol: 1e-5, atol: 2e-6, what: name);
    }

    private static RecurrentLayer Make(string kind, int input, int hidden, int layers, Generator g) => kind switch
    {
        "elman" => new Elman(input, hidden, layers, generator: g),
        "elman-relu" => new Elman(input, hidden, layers, Nonlinearity.Relu, generator: g),
        "lstm" => new Lstm(input, hidden, layers, generator: g),
        "lstm-nobias" => new Lstm(input, hidden, layers, bias: false, generator: g),
        "gru" => new Gru(input, hidden, layers, generator: g),
        "gru-nobias" => new Gru(input, hidden, layers, bias: false, generator: g),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Forward, then backward of L = Σ w₁⊙output + Σ w₂⊙h_n (+ Σ w₃⊙c_n); returns every value and gradient by name.</summary>
    private static Dictionary<string, float[]> Run(RecurrentLayer layer, string kind, Tensor x0, Tensor h00, Tensor c00, bool withState, bool fused)
    {
        layer.Fused = fused;
        layer.ZeroGrad();
        Tensor x = x0.Copy().RequiresGrad_(), h0 = h00.Copy().RequiresGrad_(), c0 = c00.Copy().RequiresGrad_();
        Tensor output, hn;
        Tensor? cn = null;
        switch (layer)
        {
            case Lstm lstm: (output, (hn, Tensor c)) = lstm.Forward(x, withState ? (h0, c0) : null); cn = c; break;
            case Gru gru: (output, hn) = gru.Forward(x, withState ? h0 : null); break;
            case Elman elman: (output, hn) = elman.Forward(x, withState ? h0 : null); break;
            default: throw new ArgumentException(kind);
        }
        var w = new Generator(5);
        Tensor loss = (output * Torch.Randn(w, [.. output.Shape])).Sum() + (hn * Torch.Randn(w, [.. hn.Shape])).Sum();
        if (cn is not null) loss = loss + (cn * Torch.Randn(w, [.. cn.Shape])).Sum();
        loss.Backward();

        var result = new Dictionary<string, float[]>
        {
            ["output"] = output.ToArray(), ["h_n"] = hn.ToArray(), ["grad x"] = x.Grad!.ToArray(),
        };
        if (cn is not null) result["c_n"] = cn.ToArray();
        if (withState) result["grad h0"] = h0.Grad!.ToArray();
        if (withState && cn is not null) result["grad c0"] = c0.Grad!.ToArray();
        foreach (var (name, p) in layer.NamedParameters()) result["grad " + name] = p.Grad!.ToArray();
        return result;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnLstmWhoseLossReadsOnlyCnStillBackpropagatesAndCanDoItTwice(bool twice)
    {
        // c_T is a second output of the fused op: its gradient alone must run the op's backward.
        var g = new Generator(23);
        var layer = new Lstm(5, 16, 2, generator: g);
        Tensor x0 = GradCheck.Random(g, -1, 1, 3, 4, 5), weights = GradCheck.Random(g, -1, 1, 2, 3, 16);
        Dictionary<string, float[]> Gradients(bool fused)
        {
            layer.Fused = fused;
            layer.ZeroGrad();
            Tensor x = x0.Copy().RequiresGrad_();
            var (_, (_, cn)) = layer.Forward(x);
            Tensor loss = (cn * weights).Sum();
            loss.Backward(retainGraph: twice);
            if (twice) loss.Backward();
            var result = new Dictionary<string, float[]> { ["grad x"] = x.Grad!.ToArray() };
            foreach (var (name, p) in layer.NamedParameters()) result["grad " + name] = p.Grad!.ToArray();
            return result;
        }
        var reference = Gradients(fused: false);
        var fused = Gradients(fused: true);
        Assert.Contains(fused["grad x"], v => v != 0f);
        foreach (var (name, expected) in reference)
            Tolerance.AllClose(expected, fused[name], rtol: 1e-5, atol: 2e-6, what: name);
    }

    [Theory]
    [InlineData("elman", 3, 176)]
    [InlineData("elman-relu", 3, 192)]
    [InlineData("lstm", 3, 176)]
    [InlineData("lstm", 3, 192)]
    [InlineData("gru", 3, 176)]
    [InlineData("gru", 3, 192)]
    [InlineData("gru-nobias", 3, 176)]
    [InlineData("lstm", 25, 24)]
    [InlineData("gru", 25, 40)]
    [InlineData("gru-nobias", 25, 32)]
    public void StepsSplitAcrossThreadsGiveTheSameBitsAndMatchTheCells(string kind, int batch, int hidden)
    {
        // Wide layers are cut into chunks of units per thread; 176 is not a multiple of the GEMM panel
        // (unpacked per-gate products), 192 is (the packed weight, one column range per gate). Narrow layers
        // with a large batch are cut into chunks of sequences (25 rows: 8 + 8 + 9 on three threads).
        var g = new Generator(17);
        RecurrentLayer layer = Make(kind, 5, hidden, 2, g);
        Tensor x = GradCheck.Random(g, -1, 1, batch, 4, 5);
        Tensor h0 = GradCheck.Random(g, -1, 1, 2, batch, hidden), c0 = GradCheck.Random(g, -1, 1, 2, batch, hidden);
        var one = Threads.With(1, () => Run(layer, kind, x, h0, c0, withState: true, fused: true));
        var three = Threads.With(3, () =>
        {
            if (RnnCourse.Tensors.Blas.Gemm.CanSplitAcrossThreads)
                Assert.Equal(hidden < 64, StepSplit.For(batch, hidden, 3).ByRows);
            return Run(layer, kind, x, h0, c0, withState: true, fused: true);
        });
        foreach (var (name, expected) in one)
            Assert.True(expected.AsSpan().SequenceEqual(three[name]), $"{name} differs between 1 and 3 threads");
        var reference = Run(layer, kind, x, h0, c0, withState: true, fused: false);
        foreach (var (name, expected) in reference)
            Tolerance.AllClose(expected, three[name], rtol: 1e-5, atol: 2e-6, what: name);
    }

    [Theory]
    [InlineData("elman")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void FusedKernelsPassFiniteDifferenceChecks(string kind)
    {
        var g = new Generator(3);
        RecurrentLayer layer = Make(kind, 3, 4, 2, g);
        Tensor[] parameters = [.. layer.Parameters()];
        Tensor x = GradCheck.Random(g, -1, 1, 2, 4, 3), h0 = GradCheck.Random(g, -1, 1, 2, 2, 4), c0 = GradCheck.Random(g, -1, 1, 2, 2, 4);
        GradCheck.Check(inputs => layer switch
        {
            Lstm lstm => PackState(lstm.Forward(inputs[0], (inputs[1], inputs[2]))),
            Gru gru => Pack(gru.Forward(inputs[0], inputs[1])),
            Elman elman => Pack(elman.Forward(inputs[0], inputs[1])),
            _ => throw new ArgumentException(kind),
        }, [x, h0, c0, .. parameters]);

        static Tensor Pack((Tensor Output, Tensor H) r) => Tensor.Cat([r.Output.Flatten(), r.H.Flatten()]);
        static Tensor PackState((Tensor Output, (Tensor H, Tensor C) S) r) => Tensor.Cat([r.Output.Flatten(), r.S.H.Flatten(), r.S.C.Flatten()]);
    }

    [Fact]
    public void ParametersFollowPyTorchNamesAndShapes()
    {
        var lstm = new Lstm(10, 20, numLayers: 2);
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"],
            lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal(new[] { 80, 10 }, lstm.WeightIh(0).Shape);
        Assert.Equal(new[] { 80, 20 }, lstm.WeightIh(1).Shape);
        Assert.Equal(new[] { 60, 20 }, new Gru(7, 20).WeightHh(0).Shape);
        float bound = 1f / MathF.Sqrt(20);
        Assert.All(lstm.Parameters().SelectMany(p => p.Data), v => Assert.InRange(v, -bound, bound));
    }

    public static TheoryData<string> InitialisedModules => ["lstm", "gru-nobias", "elman", "lstm-cell", "gru-cell", "elman-cell", "linear"];

    /// <summary>
    /// Every parameter, in registration order, is U(−1/√n, 1/√n) with n = hidden_size (n = in_features for
    /// Linear), drawn element by element from the module's generator: the values are recomputed here from
    /// the same seed, bit for bit, so the draw order is pinned as well as the bound.
    /// </summary>
    [Theory, MemberData(nameof(InitialisedModules))]
    public void DefaultInitIsUniformInverseSqrtDrawnInParameterOrder(string kind)
    {
        const ulong seed = 21;
        var g = new Generator(seed);
        (Module Module, int N) made = kind switch
        {
            "lstm" => (new Lstm(3, 5, numLayers: 2, generator: g), 5),
            "gru-nobias" => (new Gru(4, 6, numLayers: 2, bias: false, generator: g), 6),
            "elman" => (new Elman(2, 7, generator: g), 7),
            "lstm-cell" => (new LstmCell(3, 5, generator: g), 5),
            "gru-cell" => (new GruCell(4, 6, generator: g), 6),
            "elman-cell" => (new ElmanCell(2, 7, generator: g), 7),
            "linear" => (new Linear(9, 4, generator: g), 9),
            _ => throw new ArgumentException(kind),
        };
        float bound = 1f / MathF.Sqrt(made.N);
        var reference = new Generator(seed);
        foreach (var (name, p) in made.Module.NamedParameters())
        {
            float[] expected = p.Data.Select(_ => -bound + (bound - -bound) * reference.NextFloat()).ToArray();
            Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(p.Data.Select(BitConverter.SingleToInt32Bits)), $"{kind}: {name}");
            Assert.All(p.Data, v => Assert.InRange(v, -bound, bound));
        }
        Assert.Equal(reference.NextFloat(), g.NextFloat()); // nothing else was drawn
    }

    [Fact]
    public void WrongShapesAreExplained()
    {
        var gru = new Gru(4, 8, numLayers: 2);
        var e = Assert.Throws<ArgumentException>(() => gru.Forward(Torch.Zeros(2, 5, 3)));
        Assert.Contains("(2, 5, 3)", e.Message);
        Assert.Contains("batch-first", e.Message);
        var s = Assert.Throws<ArgumentException>(() => gru.Forward(Torch.Zeros(2, 5, 4), Torch.Zeros(1, 2, 8)));
        Assert.Contains("(2, 2, 8)", s.Message);
    }

    [Fact]
    public void DropoutBetweenLayersOnlyInTraining()
    {
        var g = new Generator(1);
        var lstm = new Lstm(3, 5, numLayers: 2, dropout: 0.5f, generator: g);
        Tensor x = GradCheck.Random(g, -1, 1, 2, 4, 3);
        lstm.Eval();
        Tensor a = lstm.Forward(x).Output, b = lstm.Forward(x).Output;
        Assert.Equal(a.Data, b.Data);
        lstm.Train();
        Assert.NotEqual(a.Data, lstm.Forward(x).Output.Data);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DropoutOneBetweenLayersFeedsTheNextLayerZeros(bool fused)
    {
        // p = 1 as torch allows: every output of layer 0 is dropped, so layer 1 runs on zeros from its own
        // initial state; no 1/(1 − p) is ever formed, so nothing is NaN.
        const int batch = 2, steps = 4, input = 3, hidden = 5;
        var g = new Generator(8);
        var lstm = new Lstm(input, hidden, numLayers: 2, dropout: 1f, generator: g) { Fused = fused };
        Tensor x = GradCheck.Random(g, -1, 1, batch, steps, input).RequiresGrad_();
        Tensor h0 = GradCheck.Random(g, -1, 1, 2, batch, hidden), c0 = GradCheck.Random(g, -1, 1, 2, batch, hidden);

        // Layer 1 on its own, fed zeros: a one-layer LSTM holding layer 1's weights.
        var top = new Lstm(hidden, hidden, generator: new Generator(1)) { Fused = fused };
        lstm.WeightIh(1).Data.CopyTo(top.WeightIh(0).Data, 0);
        lstm.WeightHh(1).Data.CopyTo(top.WeightHh(0).Data, 0);
        lstm.BiasIh(1)!.Data.CopyTo(top.BiasIh(0)!.Data, 0);
        lstm.BiasHh(1)!.Data.CopyTo(top.BiasHh(0)!.Data, 0);
        var (expected, (expectedH, expectedC)) = top.Forward(Torch.Zeros(batch, steps, hidden), (h0.Narrow(0, 1, 1), c0.Narrow(0, 1, 1)));

        lstm.Train();
        var (output, (hn, cn)) = lstm.Forward(x, (h0, c0));
        Assert.All(output.Data, v => Assert.True(float.IsFinite(v)));
        Tolerance.AllClose(expected.Data, output.Data, rtol: 1e-6, atol: 1e-7, what: "output");
        Tolerance.AllClose(expectedH.Data, hn.Narrow(0, 1, 1).Data, rtol: 1e-6, atol: 1e-7, what: "h_n of layer 1");
        Tolerance.AllClose(expectedC.Data, cn.Narrow(0, 1, 1).Data, rtol: 1e-6, atol: 1e-7, what: "c_n of layer 1");

        // Nothing reaches the output from x or layer 0: their gradients are exactly zero, not NaN.
        output.Sum().Backward();
        Assert.All(x.Grad!.Data, v => Assert.Equal(0f, v));
        Assert.All(lstm.WeightIh(0).Grad!.Data, v => Assert.Equal(0f, v));
        Assert.All(lstm.WeightHh(0).Grad!.Data, v => Assert.Equal(0f, v));
        Assert.Contains(lstm.WeightHh(1).Grad!.Data, v => v != 0f);

        // In evaluation mode nothing is dropped: layer 1 sees layer 0's outputs again.
        lstm.Eval();
        Assert.NotEqual(expected.Data, lstm.Forward(x.Detach(), (h0, c0)).Output.Data);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void DropoutOutsideZeroToOneIsRefusedWithTheSharedMessage(float dropout)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Gru(3, 4, numLayers: 2, dropout: dropout));
        Assert.Equal("dropout", e.ParamName);
        Assert.Contains("not in [0, 1]", e.Message);
        Assert.Contains("pass e.g. 0.1", e.Message);
        // The same check as torch.nn.Dropout's counterpart, which names its own parameter.
        var d = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(dropout));
        Assert.Equal("p", d.ParamName);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    public void DropoutAtTheEndsOfTheRangeIsAccepted(float dropout)
        => Assert.Equal(dropout, new Elman(3, 4, numLayers: 2, dropout: dropout).DropoutProbability);
}
