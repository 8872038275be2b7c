using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using static RnnCourse.Tests.Support.GradCheck;

namespace RnnCourse.Tests.Tensors;

/// <summary>Softplus, minGRU's g and log g, and the fused log-space coefficients of minGRU and minLSTM.</summary>
public class MinRnnGateTests
{
    private readonly Generator _g = new(1997);

    [Fact]
    public void SoftplusGAndLogGHaveTheirValues()
    {
        float[] x = [-100f, -20f, -1f, -1e-3f, 0f, 1e-3f, 1f, 20f, 100f];
        Tensor t = Torch.FromArray(x);
        float[] softplus = t.Softplus().Data, g = Functional.G(t).Data, logG = Functional.LogG(t).Data;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double expectedSoftplus = v > 30 ? v : Math.Log(1 + Math.Exp(v));
            Assert.Equal(expectedSoftplus, softplus[i], Math.Max(1e-6 * Math.Abs(expectedSoftplus), 1e-12));
            double expectedG = v >= 0 ? v + 0.5 : 1 / (1 + Math.Exp(-v));
            Assert.Equal(expectedG, g[i], Math.Max(1e-6 * expectedG, 1e-45));
            Assert.Equal(v >= 0 ? Math.Log(v + 0.5) : -Math.Log(1 + Math.Exp(-v)), logG[i], 1e-5);
        }
        Assert.Equal(-100f, logG[0]);                 // log σ(−100), where σ(−100) itself is 0 in float
        Assert.Equal(100f, softplus[^1]);              // no overflow of e^100
    }

    [Fact]
    public void SoftplusGAndLogGGradientsMatchFiniteDifferences()
    {
        Check(t => t[0].Softplus(), [Random(_g, -4, 4, 3, 5)]);
        Check(t => Functional.G(t[0]), [AwayFromZero(_g, 0.05f, 3, 5)]);   // g has a kink at 0
        Check(t => Functional.LogG(t[0]), [AwayFromZero(_g, 0.05f, 3, 5)]);
    }

    [Fact]
    public void FusedMinGruCoefficientsEqualTheirComposition()
    {
        Tensor k = Random(_g, -6, 6, 2, 50, 45), c = Random(_g, -6, 6, 2, 50, 45);
        var (logA, logB) = Functional.MinGruLogCoefficients(k, c);
        Tensor composedA = -k.Softplus();
        Tensor composedB = -(-k).Softplus() + Functional.LogG(c);
        Tolerance.AllClose(composedA.Data, logA.Data, rtol: 1e-5, atol: 1e-6, what: "log a");
        Tolerance.AllClose(composedB.Data, logB.Data, rtol: 1e-5, atol: 1e-6, what: "log b");
        // log a and log b are the logs of the sequential form's 1 − z and z · g(c).
        Tensor z = k.Sigmoid();
        Tolerance.AllClose((1f - z).Log().Data, logA.Data, rtol: 1e-4, atol: 1e-5, what: "log(1 − z)");
        Tolerance.AllClose((z * Functional.G(c)).Log().Data, logB.Data, rtol: 1e-4, atol: 1e-5, what: "log(z g(c))");
    }

    [Fact]
    public void FusedMinLstmCoefficientsEqualTheNormalisedGates()
    {
        Tensor kf = Random(_g, -6, 6, 2, 40, 37), ki = Random(_g, -6, 6, 2, 40, 37), c = Random(_g, -6, 6, 2, 40, 37);
        var (logA, logB) = Functional.MinLstmLogCoefficients(kf, ki, c);
        Tensor f = kf.Sigmoid(), i = ki.Sigmoid();
        Tolerance.AllClose((f / (f + i)).Log().Data, logA.Data, rtol: 1e-4, atol: 1e-5, what: "log f′");
        Tolerance.AllClose((i / (f + i) * Functional.G(c)).Log().Data, logB.Data, rtol: 1e-4, atol: 1e-5, what: "log i′ g(c)");
    }

    [Fact]
    public void FusedCoefficientGradientsMatchFiniteDifferences()
    {
        // Both outputs used, each alone (the other output's gradient is then missing), and candidates away from g's kink.
        Check(t => { var (a, b) = Functional.MinGruLogCoefficients(t[0], t[1]); return a * 0.7f + b; },
              [Random(_g, -3, 3, 2, 4, 3), AwayFromZero(_g, 0.05f, 2, 4, 3)]);
        Check(t => Functional.MinGruLogCoefficients(t[0], t[1]).LogA, [Random(_g, -3, 3, 2, 4, 3), AwayFromZero(_g, 0.05f, 2, 4, 3)]);
        Check(t => Functional.MinGruLogCoefficients(t[0], t[1]).LogB, [Random(_g, -3, 3, 2, 4, 3), AwayFromZero(_g, 0.05f, 2, 4, 3)]);
        Check(t => { var (a, b) = Functional.MinLstmLogCoefficients(t[0], t[1], t[2]); return a * 0.7f + b; },
              [Random(_g, -3, 3, 2, 4, 3), Random(_g, -3, 3, 2, 4, 3), AwayFromZero(_g, 0.05f, 2, 4, 3)]);
        Check(t => Functional.MinLstmLogCoefficients(t[0], t[1], t[2]).LogB,
              [Random(_g, -3, 3, 2, 4, 3), Random(_g, -3, 3, 2, 4, 3), AwayFromZero(_g, 0.05f, 2, 4, 3)]);
    }

    [Fact]
    public void FusedCoefficientsGiveTheSameBitsOnOneAndTwoThreads()
    {
        Tensor kf = Random(_g, -5, 5, 3, 100, 70), ki = Random(_g, -5, 5, 3, 100, 70), c = Random(_g, -5, 5, 3, 100, 70);
        Tensor w = Random(_g, -1, 1, 3, 100, 70);
        float[][] Run()
        {
            Tensor f = kf.Copy().RequiresGrad_(), i = ki.Copy().RequiresGrad_(), cc = c.Copy().RequiresGrad_();
            var (a, b) = Functional.MinLstmLogCoefficients(f, i, cc);
            var (a2, b2) = Functional.MinGruLogCoefficients(f, cc);
            ((a + b + a2 + b2) * w).Sum().Backward();
            return [a.Data, b.Data, a2.Data, b2.Data, f.Grad!.Data, i.Grad!.Data, cc.Grad!.Data];
        }
        float[][] one = Threads.With(1, Run), two = Threads.With(2, Run);
        for (int n = 0; n < one.Length; n++) Assert.Equal(one[n], two[n]);
    }
}
