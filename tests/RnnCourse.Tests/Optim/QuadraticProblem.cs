using RnnCourse.Tensors;

namespace RnnCourse.Tests.Optim;

/// <summary>
/// L(x) = ½ Σᵢ aᵢ (xᵢ − cᵢ)², a separable quadratic with gradient g = a ⊙ (x − c): the optimizer under test
/// gets g computed in float from its own parameters; the reference gets it in double from its own copy.
/// </summary>
internal sealed class QuadraticProblem
{
    private readonly float[] _a, _c, _start;

    public QuadraticProblem(int n, ulong seed)
    {
        var g = new Generator(seed);
        _a = Enumerable.Range(0, n).Select(_ => 0.5f + 1.5f * g.NextFloat()).ToArray();
        _c = Enumerable.Range(0, n).Select(_ => 2f * g.NextFloat() - 1f).ToArray();
        _start = Enumerable.Range(0, n).Select(_ => 4f * g.NextFloat() - 2f).ToArray();
    }

    public int Length => _start.Length;

    /// <summary>A fresh parameter at the starting point.</summary>
    public Tensor NewParameter() => new Tensor((float[])_start.Clone(), _start.Length).RequiresGrad_();

    /// <summary>The starting point in double, for a reference run.</summary>
    public double[] StartInDouble() => _start.Select(v => (double)v).ToArray();

    /// <summary>Sets p.Grad = a ⊙ (p − c) in float.</summary>
    public void SetGrad(Tensor p)
    {
        var g = new float[p.Numel];
        for (int i = 0; i < g.Length; i++) g[i] = _a[i] * (p.Data[i] - _c[i]);
        p.Grad = new Tensor(g, p.Numel);
    }

    /// <summary>a ⊙ (x − c) in double.</summary>
    public double[] Grad(double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < g.Length; i++) g[i] = _a[i] * (x[i] - (double)_c[i]);
        return g;
    }
}
