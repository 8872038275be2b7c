namespace RnnCourse.Tensors;

/// <summary>
/// In-place initialisers, as torch.nn.init (uniform_, normal_, xavier_uniform_, ...). Each fills the
/// tensor's data, returns the same tensor, and draws from <see cref="Generator.Default"/> unless given one.
/// </summary>
public static class Init
{
    /// <summary>U(low, high).</summary>
    public static Tensor Uniform(Tensor t, float low, float high, Generator? generator = null)
    {
        Generator g = generator ?? Generator.Default;
        float[] data = t.Data;
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * g.NextFloat();
        return t;
    }

    /// <summary>
    /// PyTorch's default init of nn.Linear and of the recurrent layers and cells: U(−1/√n, 1/√n), with
    /// n = in_features for a linear map and n = hidden_size for every weight and bias of a recurrent unit.
    /// </summary>
    public static Tensor UniformInverseSqrt(Tensor t, int n, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        float bound = 1f / MathF.Sqrt(n);
        return Uniform(t, -bound, bound, generator);
    }

    /// <summary>N(mean, std²).</summary>
    public static Tensor Normal(Tensor t, float mean = 0f, float std = 1f, Generator? generator = null)
    {
        Generator g = generator ?? Generator.Default;
        float[] data = t.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)(mean + std * g.NextNormal());
        return t;
    }

    public static Tensor Zeros(Tensor t)
    {
        Array.Clear(t.Data);
        return t;
    }

    public static Tensor Ones(Tensor t) => Constant(t, 1f);

    public static Tensor Constant(Tensor t, float value)
    {
        t.Data.AsSpan().Fill(value);
        return t;
    }

    /// <summary>Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor t, float gain = 1f, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(t);
        float a = gain * MathF.Sqrt(6f / (fanIn + fanOut));
        return Uniform(t, -a, a, generator);
    }

    /// <summary>Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor t, float gain = 1f, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(t);
        return Normal(t, 0f, gain * MathF.Sqrt(2f / (fanIn + fanOut)), generator);
    }

    /// <summary>
    /// fan_in and fan_out as PyTorch computes them for a weight stored (out, in, ...): fan_in = in·receptive,
    /// fan_out = out·receptive, where receptive is the product of the dimensions after the second.
    /// </summary>
    public static (int FanIn, int FanOut) Fans(Tensor t)
    {
        if (t.Rank < 2)
            throw new ArgumentException($"Fan in and fan out need at least 2 dimensions, got shape {Shapes.Format(t.ShapeArray)}.");
        int receptive = 1;
        for (int d = 2; d < t.Rank; d++) receptive *= t.Shape[d];
        return (t.Shape[1] * receptive, t.Shape[0] * receptive);
    }
}
