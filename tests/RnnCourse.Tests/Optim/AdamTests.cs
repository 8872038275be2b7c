using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Optim;

/// <summary>Adam and AdamW against trajectories computed in double from PyTorch's update rules.</summary>
public class AdamTests
{
    public static TheoryData<int, double, double, bool> Cases()
    {
        var data = new TheoryData<int, double, double, bool>();
        foreach (int n in SgdTests.Lengths)
        {
            data.Add(n, 1e-3, 0, false);   // Adam, PyTorch's defaults
            data.Add(n, 0.05, 0.1, false); // Adam with L2 weight decay in the gradient
            data.Add(n, 1e-3, 0.01, true); // AdamW, PyTorch's defaults
            data.Add(n, 0.05, 0.2, true);  // AdamW with strong decoupled decay
        }
        return data;
    }

    /// <summary>torch.optim.Adam / AdamW (non-AMSGrad, single-tensor path), in double.</summary>
    private static void ReferenceStep(double[] x, double[] g, double[] m, double[] v, int t, double lr, double weightDecay, bool decoupled,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        double bc1 = 1 - Math.Pow(beta1, t), bc2 = 1 - Math.Pow(beta2, t);
        for (int i = 0; i < x.Length; i++)
        {
            double gi = g[i];
            if (decoupled) x[i] *= 1 - lr * weightDecay;
            else gi += weightDecay * x[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            double denom = Math.Sqrt(v[i]) / Math.Sqrt(bc2) + eps;
            x[i] -= lr / bc1 * m[i] / denom;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FollowsTheReferenceTrajectory(int n, double lr, double weightDecay, bool decoupled)
    {
        var problem = new QuadraticProblem(n, 100 + (ulong)n);
        Tensor p = problem.NewParameter();
        Adam adam = decoupled ? new AdamW([p], lr, weightDecay: weightDecay) : new Adam([p], lr, weightDecay: weightDecay);
        Assert.Equal(decoupled, adam.DecoupledWeightDecay);
        double[] x = problem.StartInDouble(), m = new double[n], v = new double[n];
        for (int t = 1; t <= 10; t++)
        {
            problem.SetGrad(p);
            adam.Step();
            ReferenceStep(x, problem.Grad(x), m, v, t, lr, weightDecay, decoupled);
            Tolerance.AllClose(x, p.Data, rtol: 2e-6, atol: 2e-6, what: $"step {t}");
        }
        var state = adam.StateDict().Tensors;
        Tolerance.AllClose(m, state["0.exp_avg"].Data, rtol: 1e-4, atol: 1e-6, what: "exp_avg");
        Tolerance.AllClose(v, state["0.exp_avg_sq"].Data, rtol: 1e-4, atol: 1e-8, what: "exp_avg_sq");
        Assert.Equal(10f, state["0.step"].Item());
    }

    [Fact]
    public void NonDefaultBetasAndEpsilonFollowTheReference()
    {
        var problem = new QuadraticProblem(9, 5);
        Tensor p = problem.NewParameter();
        var adam = new Adam([p], learningRate: 0.02, beta1: 0.5, beta2: 0.9, eps: 1e-3);
        double[] x = problem.StartInDouble(), m = new double[9], v = new double[9];
        for (int t = 1; t <= 6; t++)
        {
            problem.SetGrad(p);
            adam.Step();
            ReferenceStep(x, problem.Grad(x), m, v, t, 0.02, 0, false, 0.5, 0.9, 1e-3);
            Tolerance.AllClose(x, p.Data, rtol: 2e-6, atol: 2e-6, what: $"step {t}");
        }
    }

    [Fact]
    public void DefaultsAreThoseOfPyTorch()
    {
        Tensor p = Torch.Ones(2).RequiresGrad_();
        var adam = new Adam([p]);
        var adamW = new AdamW([p]);
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Eps, adam.ParamGroups[0].WeightDecay));
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.01), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Eps, adamW.ParamGroups[0].WeightDecay));
    }

    [Fact]
    public void FirstStepMovesEachWeightByAboutTheLearningRate()
    {
        // At t = 1, m̂ = g and √v̂ = |g|, so the step is η·g/(|g| + ε) ≈ η·sign(g), whatever the gradient's scale.
        Tensor p = Torch.Zeros(3).RequiresGrad_();
        p.Grad = Torch.FromArray([1e-3f, -5f, 300f]);
        new Adam([p], learningRate: 0.01).Step();
        Tolerance.AllClose([-0.01f, 0.01f, -0.01f], p.Data, rtol: 1e-4);
    }

    [Fact]
    public void ParametersWithoutGradientsAreSkippedAndKeepTheirOwnStepCount()
    {
        Tensor a = Torch.Ones(4).RequiresGrad_(), b = Torch.Full(2f, 3).RequiresGrad_();
        var adam = new AdamW([a, b], learningRate: 0.1);
        a.Grad = Torch.Ones(4);
        adam.Step();
        adam.Step();
        Assert.All(b.Data, v => Assert.Equal(2f, v)); // never had a gradient: untouched, no state
        Assert.DoesNotContain("1.step", adam.StateDict().Tensors.Keys);

        b.Grad = Torch.Ones(3);
        adam.Step();
        var state = adam.StateDict().Tensors;
        Assert.Equal(3f, state["0.step"].Item());
        Assert.Equal(1f, state["1.step"].Item());
        // b's first update has bias correction for t = 1: a full step of η (after the decay 1 − ηλ).
        float expected = 2f * (float)(1 - 0.1 * 0.01) - 0.1f;
        Tolerance.AllClose([expected, expected, expected], b.Data, rtol: 1e-6);
        Assert.Equal(3, adam.StepCount);
    }

    [Fact]
    public void AdamWDecaysWeightsEvenWithAZeroGradient()
    {
        Tensor p = Torch.Full(3f, 2).RequiresGrad_();
        p.Grad = Torch.Zeros(2);
        new AdamW([p], learningRate: 0.1, weightDecay: 0.5).Step();
        Assert.All(p.Data, v => Assert.Equal(3f * (float)(1 - 0.1 * 0.5), v)); // m = 0, so only the decay moves p
    }
}
