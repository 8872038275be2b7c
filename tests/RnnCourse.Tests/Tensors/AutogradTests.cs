using RnnCourse.Tensors;

namespace RnnCourse.Tests.Tensors;

public class AutogradTests
{
    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Torch.FromArray([1f, 2f, 3f]).RequiresGrad_();
        (x * x).Sum().Backward(); // d/dx Σx² = 2x
        (x * 3f).Sum().Backward(); // + 3
        Assert.Equal(new[] { 5f, 7f, 9f }, x.Grad!.Data);
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void SeedGradientScalesTheBackwardPass()
    {
        var x = Torch.FromArray([1f, -2f]).RequiresGrad_();
        Tensor y = x * 4f;
        y.Backward(Torch.FromArray([0.5f, 2f]));
        Assert.Equal(new[] { 2f, 8f }, x.Grad!.Data);
    }

    [Fact]
    public void NonScalarBackwardWithoutSeedNamesTheShape()
    {
        var x = Torch.Ones(2, 3).RequiresGrad_();
        var error = Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
        Assert.Contains("(2, 3)", error.Message);
    }

    [Fact]
    public void DeepGraphNeedsNoRecursion()
    {
        // 200,000 chained ops: a recursive traversal would overflow the stack.
        var x = Torch.FromArray([0.5f]).RequiresGrad_();
        Tensor y = x;
        const int steps = 100_000;
        for (int i = 0; i < steps; i++) y = y * 1f + 0f;
        y.Sum().Backward();
        Assert.Equal(1f, x.Grad!.Data[0]);
    }

    [Fact]
    public void LongTanhChainMatchesTheChainRule()
    {
        // y = tanh applied n times; dy/dx = Π (1 − tanh²(yₖ)) computed by hand in double.
        var x = Torch.FromArray([0.9f]).RequiresGrad_();
        Tensor y = x;
        double value = 0.9, derivative = 1;
        for (int i = 0; i < 5000; i++)
        {
            y = y.Tanh();
            value = Math.Tanh((float)value);
            derivative *= 1 - (float)value * (float)value;
        }
        y.Sum().Backward();
        Assert.Equal(derivative, x.Grad!.Data[0], 1e-3 * derivative);
    }

    [Fact]
    public void NoGradRecordsNothingAndNests()
    {
        var w = Torch.Ones(2).RequiresGrad_();
        using (Torch.NoGrad())
        {
            using (Torch.NoGrad()) Assert.False(Autograd.IsEnabled);
            Assert.False(Autograd.IsEnabled);
            Tensor y = w * 2f;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFnName);
        }
        Assert.True(Autograd.IsEnabled);
        Assert.True((w * 2f).RequiresGrad);
    }

    [Fact]
    public void RecordedOpsCountsEachOpOfTheGraphOnce()
    {
        var x = Torch.FromArray([1f, 2f]).RequiresGrad_();
        var c = Torch.FromArray([3f, 4f]);
        Assert.Equal(0, x.RecordedOps);                  // a leaf
        Tensor h = x * c;                                // MulBackward
        Tensor y = (h + h.Tanh()).Sum();                 // TanhBackward, AddBackward, SumBackward; h is shared, counted once
        Assert.Equal(4, y.RecordedOps);
        Assert.Equal(1, h.RecordedOps);
        Assert.Equal(0, (c * 2f).RecordedOps);           // nothing requires grad
        using (Torch.NoGrad()) Assert.Equal(0, (x * c).Sum().RecordedOps);
        Tensor state = x;
        for (int t = 0; t < 10; t++) state = state * c + 1f;  // two ops per step
        Assert.Equal(20, state.RecordedOps);
    }

    [Fact]
    public void DetachStopsTheGradientButSharesData()
    {
        var x = Torch.FromArray([2f]).RequiresGrad_();
        Tensor d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.Same(x.Data, d.Data);
        (x * d).Sum().Backward(); // only the left factor is differentiated: d(x·c)/dx = c = 2
        Assert.Equal(2f, x.Grad!.Data[0]);
    }

    [Fact]
    public void OnlyTensorsThatRequireGradGetGradients()
    {
        var a = Torch.FromArray([1f, 2f]).RequiresGrad_();
        var b = Torch.FromArray([3f, 4f]);
        Tensor y = (a * b).Sum();
        Assert.Equal("SumBackward", y.GradFnName);
        y.Backward();
        Assert.Equal(new[] { 3f, 4f }, a.Grad!.Data);
        Assert.Null(b.Grad);
    }

    [Fact]
    public void IntermediateGradientsAreFreedUnlessRetained()
    {
        var x = Torch.FromArray([1f, 2f]).RequiresGrad_();
        Tensor h = (x * 3f).RetainGrad();
        Tensor u = x * 5f;
        (h * u).Sum().Backward();
        Assert.Equal(new[] { 5f, 10f }, h.Grad!.Data); // ∂/∂h (h·u) = u
        Assert.Null(u.Grad);
        Assert.Equal(new[] { 30f, 60f }, x.Grad!.Data); // ∂/∂x (15x²) = 30x
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AReshapeHandsOnItsGradientButNeverARetainedOne(bool keptFirst)
    {
        // Either order of the two paths into x: whichever reaches x first gives it its gradient array.
        var x = Torch.FromArray([1f, 2f, 3f, 4f]).RequiresGrad_();
        Tensor doubled = (x * 2f).Reshape(2, 2);   // its gradient array may become that of x * 2
        Tensor kept = x.Reshape(2, 2).RetainGrad(); // the caller's: x's gradient must not be this array
        Tensor a = (kept * 3f).Sum(), b = (doubled * doubled).Sum();
        (keptFirst ? a + b : b + a).Backward();
        Assert.Equal(new[] { 3f, 3f, 3f, 3f }, kept.Grad!.Data);
        Assert.Equal(new[] { 11f, 19f, 27f, 35f }, x.Grad!.Data); // 3 + ∂/∂x (2x)² = 3 + 8x
        Assert.Null(doubled.Grad);
    }

    [Fact]
    public void SecondBackwardThroughAFreedGraphExplainsRetainGraph()
    {
        var x = Torch.FromArray([1f]).RequiresGrad_();
        Tensor y = (x.Exp() * 2f).Sum();
        y.Backward();
        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", error.Message);

        Tensor z = (x.Exp() * 2f).Sum();
        x.ZeroGrad();
        z.Backward(retainGraph: true);
        z.Backward();
        Assert.Equal(4 * MathF.E, x.Grad!.Data[0], 4);
    }

    [Fact]
    public void RequiresGradCannotBeTurnedOffOnANonLeaf()
    {
        var x = Torch.Ones(1).RequiresGrad_();
        Tensor y = x * 2f;
        Assert.False(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }
}
