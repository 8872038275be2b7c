using RnnCourse.Optim;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Optim;

/// <summary>Optimizer state dicts: a run resumed from a state continues bit-identically; unfit states are refused.</summary>
public class OptimizerStateTests
{
    private static readonly Func<Tensor[], Optimizer>[] Builders =
    [
        ps => new Sgd(ps, 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01),
        ps => new Adam(ps, 0.01, weightDecay: 0.1),
        ps => new AdamW(ps, 0.01),
    ];

    public static TheoryData<int> OptimizerIndices() => [0, 1, 2];

    [Theory]
    [MemberData(nameof(OptimizerIndices))]
    public void ResumingFromAStateContinuesBitIdentically(int which)
    {
        var problems = new[] { new QuadraticProblem(5, 1), new QuadraticProblem(Optimizer.ChunkSize + 3, 2) };
        Tensor[] ps = problems.Select(q => q.NewParameter()).ToArray();
        Optimizer original = Builders[which](ps);
        void Train(Optimizer opt, Tensor[] parameters, int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < parameters.Length; i++) problems[i].SetGrad(parameters[i]);
                opt.Step();
            }
        }

        Train(original, ps, 4);
        OptimizerState saved = original.StateDict();
        Tensor[] resumed = ps.Select(p => p.Copy().RequiresGrad_()).ToArray();
        Train(original, ps, 5);

        Optimizer fresh = Builders[which](resumed);
        fresh.LoadStateDict(saved);
        Assert.Equal(4, fresh.StepCount);
        Train(fresh, resumed, 5);

        for (int i = 0; i < ps.Length; i++) Assert.Equal(ps[i].Data, resumed[i].Data); // bit for bit
        Assert.Equal(original.StepCount, fresh.StepCount);
    }

    [Fact]
    public void TheStateIsACopyNamedAsPyTorchs()
    {
        Tensor p = Torch.Ones(2, 2).RequiresGrad_();
        var adam = new AdamW([p], learningRate: 0.01);
        p.Grad = Torch.Ones(2, 2);
        adam.Step();
        OptimizerState state = adam.StateDict();

        Assert.Equal(["0.exp_avg", "0.exp_avg_sq", "0.step"], state.Tensors.Keys.Order());
        Assert.Equal([2, 2], state.Tensors["0.exp_avg"].Shape);
        Assert.Empty(state.Tensors["0.step"].Shape);
        Assert.Equal("AdamW", state.Type);
        Assert.Equal(1, state.StepCount);
        Assert.Equal("0.01", state.Metadata["param_groups.0.lr"]);
        Assert.Equal("0.9", state.Metadata["beta1"]);

        float before = state.Tensors["0.exp_avg"].Data[0];
        adam.Step();
        Assert.Equal(before, state.Tensors["0.exp_avg"].Data[0]); // not a view of the live buffer
    }

    [Fact]
    public void LoadingRestoresTheLearningRates()
    {
        Tensor p = Torch.Ones(2).RequiresGrad_();
        var a = new Sgd([p], 0.1, momentum: 0.5);
        a.LearningRate = 0.025;
        var b = new Sgd([Torch.Ones(2).RequiresGrad_()], 0.1, momentum: 0.5);
        b.LoadStateDict(a.StateDict());
        Assert.Equal(0.025, b.LearningRate);
    }

    [Fact]
    public void PrefixesRoundTrip()
    {
        Tensor p = Torch.Ones(3).RequiresGrad_();
        var sgd = new Sgd([p], 0.1, momentum: 0.9);
        p.Grad = Torch.Ones(3);
        sgd.Step();
        OptimizerState prefixed = sgd.StateDict().WithPrefix("optimizer.");
        Assert.Contains("optimizer.0.momentum_buffer", prefixed.Tensors.Keys);
        Assert.Contains("optimizer.step_count", prefixed.Metadata.Keys);
        var back = OptimizerState.FromPrefixed(prefixed.Tensors, prefixed.Metadata, "optimizer.");
        Assert.Equal(1, back.StepCount);
        Assert.Equal(sgd.StateDict().Tensors.Keys, back.Tensors.Keys);
    }

    private static (AdamW Optimizer, OptimizerState State) AdamWAfterOneStep()
    {
        Tensor p = Torch.Ones(2, 3).RequiresGrad_();
        var adam = new AdamW([p]);
        p.Grad = Torch.Ones(2, 3);
        adam.Step();
        return (adam, adam.StateDict());
    }

    private static OptimizerState Edit(OptimizerState s, Action<Dictionary<string, Tensor>, Dictionary<string, string>> edit)
    {
        var tensors = s.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        var metadata = s.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        edit(tensors, metadata);
        return new OptimizerState(tensors, metadata);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "type", "written by Sgd" },
        { "beta2", "beta2 = 0.99 but this optimizer has 0.999" },
        { "shape", "'0.exp_avg' has shape (3, 2) but parameter 0 needs (2, 3)" },
        { "unknown", "'0.momentum_buffer' is not a buffer of this AdamW" },
        { "index", "'7.exp_avg' does not name a buffer" },
        { "missing", "parameter 0 has [" },
        { "step", "'0.step' is 1.5, not a step count" },
        { "groups", "parameter group 0 has 2 parameters in the state but 1 here" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AStateThatDoesNotFitIsRefusedAndChangesNothing(string what, string message)
    {
        var (adam, state) = AdamWAfterOneStep();
        OptimizerState bad = Edit(state, (t, m) =>
        {
            switch (what)
            {
                case "type": m["type"] = "Sgd"; break;
                case "beta2": m["beta2"] = "0.99"; break;
                case "shape": t["0.exp_avg"] = Torch.Zeros(3, 2); break;
                case "unknown": t["0.momentum_buffer"] = Torch.Zeros(2, 3); break;
                case "index": t["7.exp_avg"] = Torch.Zeros(2, 3); break;
                case "missing": t.Remove("0.exp_avg_sq"); break;
                case "step": t["0.step"] = Torch.Scalar(1.5f); break;
                case "groups": m["param_groups.0.params"] = "2"; break;
            }
        });
        float[] before = adam.StateDict().Tensors["0.exp_avg"].Data;
        var e = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(bad));
        Assert.Contains(message, e.Message);
        Assert.Equal(before, adam.StateDict().Tensors["0.exp_avg"].Data);
    }
}
