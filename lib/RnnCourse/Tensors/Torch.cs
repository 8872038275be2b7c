namespace RnnCourse.Tensors;

/// <summary>
/// Tensor factories and global switches named as in the torch module: <c>using static RnnCourse.Tensors.Torch;</c>
/// then <c>var x = Randn(2, 3);</c>. Random factories draw from <see cref="Generator.Default"/> unless given one.
/// </summary>
public static class Torch
{
    /// <summary>Seeds the default generator: the same seed gives bit-identical random tensors everywhere.</summary>
    public static Generator ManualSeed(ulong seed) => Generator.Default.ManualSeed(seed);

    /// <summary>A scope in which no op is recorded for autograd (torch.no_grad()).</summary>
    public static IDisposable NoGrad() => Autograd.NoGrad();

    /// <summary>A tensor holding a copy of <paramref name="data"/>; with no shape, a vector.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
        => new((float[])data.Clone(), shape.Length == 0 ? [data.Length] : shape);

    /// <summary>A matrix from rows (all of the same length).</summary>
    public static Tensor FromRows(float[][] rows)
    {
        int cols = rows.Length == 0 ? 0 : rows[0].Length;
        if (rows.Any(r => r.Length != cols))
            throw new ArgumentException("FromRows: every row must have the same length.");
        return new Tensor(rows.SelectMany(r => r).ToArray(), rows.Length, cols);
    }

    /// <summary>A one-element tensor of shape ().</summary>
    public static Tensor Scalar(float value) => new([value]);

    public static Tensor Zeros(params int[] shape) => new(new float[Shapes.Count(shape)], shape);

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>The (n, n) identity matrix (torch.eye).</summary>
    public static Tensor Eye(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var eye = Zeros(n, n);
        for (int i = 0; i < n; i++) eye.Data[i * n + i] = 1f;
        return eye;
    }

    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[Shapes.Count(shape)];
        data.AsSpan().Fill(value);
        return new Tensor(data, shape);
    }

    /// <summary>start, start+step, ... up to but excluding end (torch.arange).</summary>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0 || (end - start) / step < 0)
            throw new ArgumentException($"Arange: step {step} never goes from {start} to {end}.");
        int n = (int)Math.Ceiling((end - start) / (double)step);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = start + i * step;
        return new Tensor(data, n);
    }

    /// <summary>0, 1, ..., end−1.</summary>
    public static Tensor Arange(int end) => Arange(0f, end);

    /// <summary>Uniform in [0, 1).</summary>
    public static Tensor Rand(params int[] shape) => Init.Uniform(Zeros(shape), 0f, 1f);

    /// <summary>Standard normal.</summary>
    public static Tensor Randn(params int[] shape) => Init.Normal(Zeros(shape), 0f, 1f);

    /// <summary>Standard normal from the given generator.</summary>
    public static Tensor Randn(Generator generator, params int[] shape) => Init.Normal(Zeros(shape), 0f, 1f, generator);

    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => Tensor.Cat(tensors, dim);

    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0) => Tensor.Stack(tensors, dim);
}
