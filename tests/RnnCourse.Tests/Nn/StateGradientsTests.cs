using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

/// <summary>
/// StateGradients against the fused layers: the same outputs; ∂L/∂h_init and ∂L/∂c_init equal to the fused layer's
/// gradient of its initial state; every step's ∂L/∂h_t (and ∂L/∂c_t) equal to the gradient of the initial state of a
/// fused run started at step t + 1 from that state; finite differences for the initial state.
/// </summary>
public class StateGradientsTests
{
    private static RecurrentLayer Make(string kind, int input, int hidden, int layers, Generator g)
    {
        RecurrentLayer layer = kind switch
        {
            "elman" => new Elman(input, hidden, layers, generator: g),
            "elman-relu" => new Elman(input, hidden, layers, Nonlinearity.Relu, generator: g),
            "lstm" => new Lstm(input, hidden, layers, generator: g),
            "gru" => new Gru(input, hidden, layers, generator: g),
            "gru-nobias" => new Gru(input, hidden, layers, bias: false, generator: g),
            _ => throw new ArgumentException(kind),
        };
        layer.Eval();
        return layer;
    }

    /// <summary>The fused layer's outputs and final state from the initial state (h0, c0), each (layers, B, H).</summary>
    private static (Tensor Output, Tensor H, Tensor? C) Fused(RecurrentLayer layer, Tensor x, Tensor h0, Tensor? c0)
    {
        switch (layer)
        {
            case Lstm lstm:
                var (output, (h, c)) = lstm.Forward(x, (h0, c0!));
                return (output, h, c);
            case Gru gru:
                var (gruOutput, gruH) = gru.Forward(x, h0);
                return (gruOutput, gruH, null);
            default:
                var (elmanOutput, elmanH) = ((Elman)layer).Forward(x, h0);
                return (elmanOutput, elmanH, null);
        }
    }

    public static TheoryData<string, int> Layers => new()
    {
        { "elman", 1 }, { "elman", 2 }, { "elman-relu", 2 }, { "lstm", 1 }, { "lstm", 2 }, { "gru", 1 }, { "gru", 3 }, { "gru-nobias", 2 },
    };

    [Theory, MemberData(nameof(Layers))]
    public void OutputsAndInitialStateGradientsEqualTheFusedLayers(string kind, int layers)
    {
        var g = new Generator(11);
        var layer = Make(kind, 3, 5, layers, g);
        Tensor x = GradCheck.Random(g, -1, 1, 2, 6, 3);
        Tensor h0 = GradCheck.Random(g, -1, 1, layers, 2, 5), c0 = GradCheck.Random(g, -1, 1, layers, 2, 5);
        Tensor w = Torch.Randn(new Generator(3), 2, 6, 5);
        bool lstm = layer is Lstm;

        var grads = StateGradients.Compute(layer, x, output => (output * w).Sum(), h0, lstm ? c0 : null);

        layer.ZeroGrad();
        Tensor fusedH0 = h0.Copy().RequiresGrad_(), fusedC0 = c0.Copy().RequiresGrad_();
        var (output, _, _) = Fused(layer, x, fusedH0, lstm ? fusedC0 : null);
        Tensor loss = (output * w).Sum();
        loss.Backward();

        Tolerance.AllClose(output.Data, grads.Output.Data, rtol: 1e-5, atol: 1e-6, what: "output");
        Assert.Equal(loss.Item(), grads.Loss, 4);
        Tolerance.AllClose(fusedH0.Grad!.Data, grads.InitialHidden.Data, rtol: 1e-4, atol: 1e-6, what: "∂L/∂h_init");
        Assert.Equal(lstm, grads.HasCell);
        if (lstm) Tolerance.AllClose(fusedC0.Grad!.Data, grads.InitialCell!.Data, rtol: 1e-4, atol: 1e-6, what: "∂L/∂c_init");
        else Assert.Null(grads.InitialCell);
        Assert.Equal(layers, grads.NumLayers);
        Assert.Equal([2, 6, 5], grads.Hidden(0).Shape);
    }

    [Theory]
    [InlineData("elman")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void EveryStatesGradientEqualsAFusedRunStartedFromThatState(string kind)
    {
        var g = new Generator(21);
        var layer = Make(kind, 4, 3, 1, g);
        const int steps = 7;
        Tensor x = GradCheck.Random(g, -1, 1, 2, steps, 4);
        Tensor w = Torch.Randn(new Generator(5), 2, 3);
        Tensor Loss(Tensor output) => (output.Select(1, output.Size(1) - 1) * w).Sum(); // reads h_{T−1} only

        var grads = StateGradients.Compute(layer, x, Loss);

        // The last state's gradient is the loss's own weights; no later step adds to it.
        Tolerance.AllClose(w.Data, grads.Hidden().Select(1, steps - 1).Data, what: "∂L/∂h_{T−1}");
        for (int t = 0; t < steps - 1; t++)
        {
            // The state after step t, from a fused run over x_0..x_t, then the rest of the sequence from it.
            Tensor hT, cT = Torch.Zeros(1, 2, 3);
            Tensor head = x.Narrow(1, 0, t + 1).Copy(), tail = x.Narrow(1, t + 1, steps - t - 1).Copy();
            using (Torch.NoGrad())
            {
                var (_, h, c) = Fused(layer, head, Torch.Zeros(1, 2, 3), layer is Lstm ? Torch.Zeros(1, 2, 3) : null);
                hT = h.Copy();
                if (c is not null) cT = c.Copy();
            }
            hT.RequiresGrad_();
            cT.RequiresGrad_();
            layer.ZeroGrad();
            var (rest, _, _) = Fused(layer, tail, hT, layer is Lstm ? cT : null);
            Loss(rest).Backward();

            Tolerance.AllClose(hT.Grad!.Data, grads.Hidden().Select(1, t).Copy().Data, rtol: 1e-4, atol: 1e-6, what: $"∂L/∂h_{t}");
            if (layer is not Lstm) continue;
            // The fused run takes h_t and c_t as separate inputs; the total derivative for c_t adds the path through
            // h_t = o_t ⊙ tanh(c_t): ∂L/∂c_t = ∂L/∂c_t|_h + ∂L/∂h_t ⊙ o_t ⊙ (1 − tanh²(c_t)), with o_t = h_t / tanh(c_t).
            var total = new float[hT.Numel];
            for (int j = 0; j < total.Length; j++)
            {
                float tanhC = MathF.Tanh(cT.Data[j]), o = hT.Data[j] / tanhC;
                total[j] = cT.Grad!.Data[j] + hT.Grad!.Data[j] * o * (1 - tanhC * tanhC);
            }
            Tolerance.AllClose(total, grads.Cell().Select(1, t).Copy().Data, rtol: 1e-4, atol: 1e-6, what: $"∂L/∂c_{t}");
        }
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void InitialStateGradientMatchesFiniteDifferences(string kind)
    {
        var g = new Generator(31);
        var layer = Make(kind, 2, 3, 1, g);
        Tensor x = GradCheck.Random(g, -1, 1, 1, 5, 2);
        Tensor h0 = GradCheck.Random(g, -0.5f, 0.5f, 1, 1, 3);
        Tensor w = Torch.Randn(new Generator(7), 1, 5, 3);
        var grads = StateGradients.Compute(layer, x, output => (output * w).Sum(), h0, layer is Lstm ? Torch.Zeros(1, 1, 3) : null);

        double Loss(Tensor start)
        {
            using var _ = Torch.NoGrad();
            var (output, _, _) = Fused(layer, x, start, layer is Lstm ? Torch.Zeros(1, 1, 3) : null);
            return output.Data.Zip(w.Data, (o, v) => (double)o * v).Sum();
        }
        const float step = 1e-2f;
        for (int j = 0; j < 3; j++)
        {
            Tensor plus = h0.Copy(), minus = h0.Copy();
            plus.Data[j] += step;
            minus.Data[j] -= step;
            double numeric = (Loss(plus) - Loss(minus)) / (2 * step);
            Assert.True(Math.Abs(numeric - grads.InitialHidden.Data[j]) <= 5e-3 + 5e-3 * Math.Abs(numeric),
                $"∂L/∂h_init[{j}]: {grads.InitialHidden.Data[j]} vs finite difference {numeric}");
        }
    }

    [Fact]
    public void StepNormsAreTheNormOfEachStepsBlock()
    {
        // (B = 2, T = 3, H = 2): step 0 holds (3, 4) and (0, 0); step 1 (1, 0) and (0, 0); step 2 all zero.
        var gradient = new Tensor([3, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 2, 3, 2);
        Assert.Equal([5.0, 1.0, 0.0], StateGradients.StepNorms(gradient));
        Assert.Throws<ArgumentException>(() => StateGradients.StepNorms(Torch.Zeros(2, 3)));
    }

    [Fact]
    public void NoTensorsGradChanges()
    {
        var g = new Generator(41);
        var layer = Make("lstm", 3, 4, 2, g);
        Tensor x = GradCheck.Random(g, -1, 1, 2, 5, 3).RequiresGrad_();
        Tensor w = Torch.Randn(new Generator(9), 2, 5, 4);
        layer.ZeroGrad();
        Parameter marked = layer.WeightHh(1);
        marked.Grad = Torch.Ones([.. marked.Shape]);

        var grads = StateGradients.Compute(layer, x, output => (output * w).Sum());

        Assert.Null(x.Grad);
        foreach (var (name, p) in layer.NamedParameters())
            if (!ReferenceEquals(p, marked)) Assert.True(p.Grad is null, $"{name} has a gradient");
        Assert.All(marked.Grad!.Data, v => Assert.Equal(1f, v));
        Assert.Equal([2, 5, 4], grads.Cell(0).Shape);
    }

    [Fact]
    public void MisuseIsRefusedWithAMessage()
    {
        var gru = new Gru(3, 4, generator: new Generator(1));
        Tensor x = Torch.Zeros(2, 5, 3);
        var shape = Assert.Throws<ArgumentException>(() => StateGradients.Compute(gru, Torch.Zeros(2, 5, 4), o => o.Sum()));
        Assert.Contains("(2, 5, 4)", shape.Message);
        var scalar = Assert.Throws<ArgumentException>(() => StateGradients.Compute(gru, x, o => o));
        Assert.Contains("scalar", scalar.Message);
        var cell = Assert.Throws<ArgumentException>(() => StateGradients.Compute(gru, x, o => o.Sum(), c0: Torch.Zeros(1, 2, 4)));
        Assert.Contains("no cell state", cell.Message);
        var initial = Assert.Throws<ArgumentException>(() => StateGradients.Compute(gru, x, o => o.Sum(), h0: Torch.Zeros(2, 4)));
        Assert.Contains("(1, 2, 4)", initial.Message);
        Assert.Contains("depend", Assert.Throws<ArgumentException>(() => StateGradients.Compute(gru, x, o => Torch.Zeros(1))).Message);
        using (Torch.NoGrad())
            Assert.Contains("NoGrad", Assert.Throws<InvalidOperationException>(() => StateGradients.Compute(gru, x, o => o.Sum())).Message);
        var grads = StateGradients.Compute(gru, x, o => o.Sum());
        Assert.Throws<InvalidOperationException>(() => grads.Cell());
        Assert.Throws<ArgumentOutOfRangeException>(() => grads.Hidden(1));
    }
}
