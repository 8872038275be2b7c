using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using static RnnCourse.Tests.Support.GradCheck;

namespace RnnCourse.Tests.Tensors;

/// <summary>Autograd.Grad and Autograd.Jacobian: values against finite differences and Backward, and no Grad touched.</summary>
public class GradientsTests
{
    private readonly Generator _g = new(77);

    /// <summary>h' = tanh(h·U + x·W + b), the Elman step of chapter 4, in the row convention.</summary>
    private static Tensor Step(Tensor h, Tensor x, Tensor w, Tensor u, Tensor b) => (x.MatMul(w) + h.MatMul(u) + b).Tanh();

    /// <summary>∂f(x)[i]/∂x[j] by central differences in double, one column per element of x.</summary>
    private static double[,] FiniteDifferenceJacobian(Func<Tensor, Tensor> f, Tensor x, float h = 1e-2f)
    {
        using var _ = Torch.NoGrad();
        int outputs = f(x).Numel;
        var jacobian = new double[outputs, x.Numel];
        for (int j = 0; j < x.Numel; j++)
        {
            Tensor plus = x.Copy(), minus = x.Copy();
            plus.Data[j] += h;
            minus.Data[j] -= h;
            float[] up = f(plus).Data, down = f(minus).Data;
            for (int i = 0; i < outputs; i++) jacobian[i, j] = ((double)up[i] - down[i]) / (2 * h);
        }
        return jacobian;
    }

    private static void AssertClose(double[,] expected, Tensor actual, double atol = 2e-3, double rtol = 2e-3)
    {
        Assert.Equal(expected.Length, actual.Numel);
        int cols = expected.GetLength(1);
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < cols; j++)
            {
                double e = expected[i, j], a = actual.Data[i * cols + j];
                Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"[{i}, {j}]: autograd {a:G6}, finite differences {e:G6}");
            }
    }

    [Fact]
    public void GradOfALeafEqualsBackwardAndLeavesEveryGradAlone()
    {
        Tensor w = Random(_g, -1, 1, 3, 4).RequiresGrad_(), b = Random(_g, -1, 1, 4).RequiresGrad_();
        Tensor x = Random(_g, -1, 1, 2, 3);
        w.Grad = Torch.Full(7f, 3, 4); // an earlier gradient must survive
        Tensor loss = (x.MatMul(w) + b).Tanh().Pow(2f).Sum();

        Tensor[] grads = Autograd.Grad(loss, [w, b], retainGraph: true);

        Assert.Equal(Torch.Full(7f, 3, 4).Data, w.Grad!.Data);
        Assert.Null(b.Grad);
        w.Grad = null;
        loss.Backward();
        Tolerance.AllClose(w.Grad!.Data, grads[0].Data, 1e-6, 1e-7, "∂L/∂W");
        Tolerance.AllClose(b.Grad!.Data, grads[1].Data, 1e-6, 1e-7, "∂L/∂b");
    }

    [Fact]
    public void GradOfIntermediateStatesMatchesFiniteDifferencesOfTheRestOfTheSequence()
    {
        // ∂L/∂h_k for every k of an unrolled tanh RNN: the total gradient, through all later steps.
        const int steps = 5, hidden = 3, embed = 2;
        Tensor w = Random(_g, -1, 1, embed, hidden).RequiresGrad_(), u = Random(_g, -1, 1, hidden, hidden).RequiresGrad_();
        Tensor b = Random(_g, -0.5f, 0.5f, hidden).RequiresGrad_();
        Tensor[] xs = Enumerable.Range(0, steps).Select(_ => Random(_g, -1, 1, 2, embed)).ToArray();
        Tensor target = Random(_g, -1, 1, 2, hidden);

        Tensor Loss(Tensor start, int from)
        {
            Tensor h = start, loss = from > 0 ? (start - target).Pow(2f).Sum() : Torch.Scalar(0f); // h_k's own term
            for (int t = from; t < steps; t++)
            {
                h = Step(h, xs[t], w, u, b);
                loss = loss + (h - target).Pow(2f).Sum();
            }
            return loss;
        }

        var hs = new List<Tensor> { Torch.Zeros(2, hidden).RequiresGrad_() };
        Tensor total = Torch.Scalar(0f);
        for (int t = 0; t < steps; t++)
        {
            hs.Add(Step(hs[^1], xs[t], w, u, b));
            total = total + (hs[^1] - target).Pow(2f).Sum();
        }

        Tensor[] grads = Autograd.Grad(total, hs);

        for (int k = 0; k < steps; k++)
        {
            // L depends on h_k through its own loss term and through steps k+1, ..., T.
            int from = k;
            double[,] numeric = FiniteDifferenceJacobian(h => Loss(h, from).Reshape(1), hs[k].Detach());
            AssertClose(numeric, grads[k].Reshape(1, 2 * hidden), atol: 5e-3);
        }
        Tolerance.AllClose(((hs[steps].Detach() - target) * 2f).Data, grads[steps].Data, 1e-6, 1e-7, "∂L/∂h_T = 2(h_T − target)");
        Assert.All(new[] { w, u, b }, p => Assert.Null(p.Grad));
    }

    [Fact]
    public void TheGradOfTheLastStateIsItsOwnLossTermOnly()
    {
        Tensor h0 = Random(_g, -1, 1, 1, 2).RequiresGrad_();
        Tensor h1 = h0 * 3f;
        Tensor loss = (h1 * h1).Sum();
        Tensor[] grads = Autograd.Grad(loss, [h1, h0, h1]);
        Tolerance.AllClose((h1.Detach() * 2f).Data, grads[0].Data, 1e-6, 1e-7, "∂L/∂h1 = 2h1");
        Tolerance.AllClose((h1.Detach() * 6f).Data, grads[1].Data, 1e-6, 1e-7, "∂L/∂h0 = 6h1");
        Assert.Equal(grads[0].Data, grads[2].Data);
    }

    [Fact]
    public void AnInputOutsideTheGraphGetsZerosAndASeedSetsTheDirection()
    {
        Tensor x = Random(_g, -1, 1, 3).RequiresGrad_();
        Tensor other = Random(_g, -1, 1, 2).RequiresGrad_();
        Tensor y = x * 2f;
        Tensor[] grads = Autograd.Grad(y, [x, other], Torch.FromArray([1f, 0f, -1f]));
        Assert.Equal(new[] { 2f, 0f, -2f }, grads[0].Data);
        Assert.Equal(new[] { 0f, 0f }, grads[1].Data);
    }

    [Fact]
    public void GradFreesTheGraphUnlessRetainedAndExplainsItsSeed()
    {
        Tensor x = Random(_g, -1, 1, 3).RequiresGrad_();
        Tensor y = x.Exp().Sum();
        Autograd.Grad(y, [x]);
        Assert.Contains("retainGraph", Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, [x])).Message);

        Tensor v = x.Exp();
        Assert.Contains("(3,)", Assert.Throws<InvalidOperationException>(() => Autograd.Grad(v, [x])).Message);
        Assert.Contains("(2,)", Assert.Throws<ArgumentException>(() => Autograd.Grad(v, [x], Torch.Ones(2))).Message);
        Assert.Contains("does not require grad", Assert.Throws<InvalidOperationException>(() => Autograd.Grad(Torch.Ones(1), [x])).Message);
    }

    [Fact]
    public void JacobianOfAFunctionMatchesFiniteDifferences()
    {
        Tensor w = Random(_g, -1, 1, 2, 4), u = Random(_g, -1, 1, 4, 4).RequiresGrad_(), b = Random(_g, -1, 1, 4);
        Tensor x = Random(_g, -1, 1, 1, 2);
        Func<Tensor, Tensor> step = h => Step(h, x, w, u, b);
        Tensor h = Random(_g, -1, 1, 1, 4);

        Tensor jacobian = Autograd.Jacobian(step, h);

        Assert.Equal([1, 4, 1, 4], jacobian.Shape);
        AssertClose(FiniteDifferenceJacobian(step, h), jacobian.Reshape(4, 4));
        Assert.Null(u.Grad); // the parameter's gradient is not touched
        Assert.False(h.RequiresGrad); // x is copied, not marked
    }

    [Fact]
    public void JacobianOfOneStepIsDiagOfTheDerivativeAtThePreActivationTimesTheTransposedWeight()
    {
        // Row convention h' = tanh(a), a = h·U + ...: ∂h'[r]/∂h[c] = (1 − h'[r]²)·U[c, r].
        Tensor w = Random(_g, -1, 1, 2, 3), u = Random(_g, -1, 1, 3, 3), b = Random(_g, -1, 1, 3), x = Random(_g, -1, 1, 1, 2);
        Tensor h = Random(_g, -1, 1, 1, 3);
        Tensor next = Step(h, x, w, u, b);
        Tensor jacobian = Autograd.Jacobian(hh => Step(hh, x, w, u, b), h).Reshape(3, 3);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                Assert.Equal((1 - next.Data[r] * next.Data[r]) * u[c, r], jacobian[r, c], 1e-6f);
    }

    [Fact]
    public void JacobianOfABuiltGraphWithRespectToSeveralStates()
    {
        const int hidden = 3;
        Tensor w = Random(_g, -1, 1, 2, hidden), u = Random(_g, -1.2f, 1.2f, hidden, hidden), b = Random(_g, -1, 1, hidden);
        Tensor[] xs = Enumerable.Range(0, 4).Select(_ => Random(_g, -1, 1, 1, 2)).ToArray();
        var hs = new List<Tensor> { Random(_g, -1, 1, 1, hidden).RequiresGrad_() };
        foreach (Tensor x in xs) hs.Add(Step(hs[^1], x, w, u, b));

        Tensor[] jacobians = Autograd.Jacobian(hs[^1], hs);

        for (int k = 0; k < hs.Count; k++)
        {
            int from = k;
            Tensor Rest(Tensor h)
            {
                for (int t = from; t < xs.Length; t++) h = Step(h, xs[t], w, u, b);
                return h;
            }
            Assert.Equal([1, hidden, 1, hidden], jacobians[k].Shape);
            AssertClose(FiniteDifferenceJacobian(Rest, hs[k].Detach()), jacobians[k].Reshape(hidden, hidden));
        }
        // ∂h_T/∂h_T is the identity.
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, jacobians[^1].Data);
    }

    [Fact]
    public void JacobianOfAConstantFunctionIsZero()
    {
        Tensor jacobian = Autograd.Jacobian(_ => Torch.Ones(2), Torch.Ones(3));
        Assert.Equal([2, 3], jacobian.Shape);
        Assert.All(jacobian.Data, v => Assert.Equal(0f, v));
    }
}
