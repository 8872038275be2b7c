using RnnCourse.Tensors;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Compares autograd gradients with central finite differences: for L = Σ w ⊙ f(x) with a fixed random
/// w, ∂L/∂xⱼ ≈ (L(x + h·eⱼ) − L(x − h·eⱼ)) / 2h, where each L is accumulated in double.
/// </summary>
public static class GradCheck
{
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, float h = 1e-2f, double rtol = 5e-3, double atol = 5e-3)
    {
        foreach (Tensor x in inputs) { x.RequiresGrad = true; x.Grad = null; }
        Tensor output = f(inputs);
        var weights = Torch.Randn(new Generator(12345), [.. output.Shape]);
        output.Backward(weights);

        for (int i = 0; i < inputs.Length; i++)
        {
            Tensor x = inputs[i];
            float[] analytic = x.Grad?.Data ?? new float[x.Numel];
            for (int j = 0; j < x.Numel; j++)
            {
                float saved = x.Data[j];
                x.Data[j] = saved + h;
                double plus = Loss(f, inputs, weights);
                x.Data[j] = saved - h;
                double minus = Loss(f, inputs, weights);
                x.Data[j] = saved;
                double numeric = (plus - minus) / (2 * h);
                double error = Math.Abs(numeric - analytic[j]);
                Assert.True(error <= atol + rtol * Math.Abs(numeric),
                    $"input {i} element {j}: autograd {analytic[j]:G6} vs finite difference {numeric:G6} (|diff| {error:G3})");
            }
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using var _ = Torch.NoGrad();
        Tensor y = f(inputs);
        double sum = 0;
        for (int k = 0; k < y.Numel; k++) sum += (double)y.Data[k] * weights.Data[k];
        return sum;
    }

    /// <summary>A tensor of the given shape with values drawn uniformly from [low, high).</summary>
    public static Tensor Random(Generator g, float low, float high, params int[] shape)
        => Init.Uniform(Torch.Zeros(shape), low, high, g);

    /// <summary>Values in ±[gap, 1]: clear of the kinks of relu, abs and clamp at 0.</summary>
    public static Tensor AwayFromZero(Generator g, float gap, params int[] shape)
    {
        Tensor t = Random(g, gap, 1f, shape);
        for (int i = 0; i < t.Numel; i++) if (g.NextInt(2) == 0) t.Data[i] = -t.Data[i];
        return t;
    }
}
