using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Optim;

/// <summary>SGD against trajectories computed in double from PyTorch's update rules.</summary>
public class SgdTests
{
    public static readonly int[] Lengths = [1, 5, 33, Optimizer.ChunkSize + 37];

    public static TheoryData<int, double, double, double, double, bool> Cases()
    {
        var data = new TheoryData<int, double, double, double, double, bool>();
        foreach (int n in Lengths)
        {
            data.Add(n, 0.1, 0, 0, 0, false);        // plain
            data.Add(n, 0.05, 0.9, 0, 0, false);     // heavy-ball momentum
            data.Add(n, 0.05, 0.9, 0.3, 0, false);   // with dampening
            data.Add(n, 0.05, 0.9, 0, 0, true);      // Nesterov
            data.Add(n, 0.05, 0.8, 0, 0.1, true);    // Nesterov with weight decay
            data.Add(n, 0.1, 0, 0, 0.05, false);     // weight decay alone
        }
        return data;
    }

    /// <summary>torch.optim.SGD's rules, in double.</summary>
    private static void ReferenceStep(double[] x, double[] g, ref double[]? buffer, double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        var d = new double[x.Length];
        for (int i = 0; i < x.Length; i++) d[i] = g[i] + weightDecay * x[i];
        if (momentum != 0)
        {
            if (buffer is null) buffer = (double[])d.Clone();
            else for (int i = 0; i < x.Length; i++) buffer[i] = momentum * buffer[i] + (1 - dampening) * d[i];
            for (int i = 0; i < x.Length; i++) d[i] = nesterov ? d[i] + momentum * buffer[i] : buffer[i];
        }
        for (int i = 0; i < x.Length; i++) x[i] -= lr * d[i];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FollowsTheReferenceTrajectory(int n, double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        var problem = new QuadraticProblem(n, (ulong)n);
        Tensor p = problem.NewParameter();
        var sgd = new Sgd([p], lr, momentum, dampening, weightDecay, nesterov);
        double[] x = problem.StartInDouble();
        double[]? buffer = null;
        for (int step = 1; step <= 8; step++)
        {
            problem.SetGrad(p);
            sgd.Step();
            ReferenceStep(x, problem.Grad(x), ref buffer, lr, momentum, dampening, weightDecay, nesterov);
            Tolerance.AllClose(x, p.Data, rtol: 1e-5, atol: 1e-6, what: $"step {step}");
        }
        Assert.Equal(8, sgd.StepCount);
    }

    [Fact]
    public void FirstStepMomentumBufferIsTheGradientUndampened()
    {
        var problem = new QuadraticProblem(7, 3);
        Tensor p = problem.NewParameter();
        float[] start = p.ToArray();
        var sgd = new Sgd([p], learningRate: 0.5, momentum: 0.9, dampening: 0.5);
        problem.SetGrad(p);
        float[] grad = p.Grad!.ToArray();
        sgd.Step();

        Assert.Equal(grad, sgd.StateDict().Tensors["0.momentum_buffer"].Data);
        for (int i = 0; i < p.Numel; i++) Assert.Equal(start[i] + -0.5f * grad[i], p.Data[i]);
    }

    [Fact]
    public void PlainSgdKeepsNoState()
    {
        Tensor p = Torch.Ones(3).RequiresGrad_();
        var sgd = new Sgd([p], 0.1);
        p.Grad = Torch.Ones(3);
        sgd.Step();
        Assert.Empty(sgd.StateDict().Tensors);
        Assert.All(p.Data, v => Assert.Equal(1f - 0.1f, v));
    }

    [Fact]
    public void NesterovNeedsMomentumAndNoDampening()
    {
        Tensor p = Torch.Ones(1).RequiresGrad_();
        Assert.Contains("Nesterov momentum needs momentum > 0", Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1, nesterov: true)).Message);
        Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
    }
}
