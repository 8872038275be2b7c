using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>Element-wise functions. Each backward is written from the saved input x or output y.</summary>
public partial class Tensor
{
    /// <summary>Applies <paramref name="forward"/> element-wise and records
    /// ∂L/∂x = g ⊙ <paramref name="derivative"/>(x, y) when needed.</summary>
    private Tensor Pointwise(string name, Action<float[], float[]> forward, Action<float[], float[], float[]>? derivative)
    {
        var data = new float[_data.Length];
        forward(_data, data);
        var result = new Tensor(data, _shape);
        if (derivative is null || !Tracks(this)) return result;
        Tensor x = this;
        return result.Record(name, [x], g =>
        {
            var dydx = new float[data.Length];
            derivative(x._data, data, dydx);
            TensorPrimitives.Multiply(dydx, g._data, dydx);
            x.AccumulateGradOwned(dydx);
        });
    }

    /// <summary>−x.</summary>
    public Tensor Neg() => Affine(-1f, 0f, "NegBackward");

    /// <summary>eˣ; ∂/∂x = y.</summary>
    public Tensor Exp() => Pointwise("ExpBackward", (x, y) => TensorPrimitives.Exp(x, y), (_, y, d) => y.AsSpan().CopyTo(d));

    /// <summary>ln x; ∂/∂x = 1/x.</summary>
    public Tensor Log() => Pointwise("LogBackward", (x, y) => TensorPrimitives.Log(x, y), (x, _, d) => TensorPrimitives.Divide(1f, x, d));

    /// <summary>tanh x; ∂/∂x = 1 − y².</summary>
    public Tensor Tanh() => Pointwise("TanhBackward", (x, y) => TensorPrimitives.Tanh(x, y), (_, y, d) =>
    {
        TensorPrimitives.Multiply(y, y, d);
        TensorPrimitives.Subtract(1f, d, d);
    });

    /// <summary>σ(x) = 1/(1 + e⁻ˣ); ∂/∂x = y(1 − y).</summary>
    public Tensor Sigmoid() => Pointwise("SigmoidBackward", (x, y) => TensorPrimitives.Sigmoid(x, y), (_, y, d) =>
    {
        TensorPrimitives.Subtract(1f, y, d);
        TensorPrimitives.Multiply(d, y, d);
    });

    /// <summary>max(x, 0); ∂/∂x = 1 where x &gt; 0, else 0.</summary>
    public Tensor Relu() => Pointwise("ReluBackward", (x, y) => TensorPrimitives.Max(x, 0f, y), (x, _, d) =>
    {
        for (int i = 0; i < x.Length; i++) d[i] = x[i] > 0f ? 1f : 0f;
    });

    /// <summary>√x; ∂/∂x = 1/(2y).</summary>
    public Tensor Sqrt() => Pointwise("SqrtBackward", (x, y) => TensorPrimitives.Sqrt(x, y), (_, y, d) =>
    {
        TensorPrimitives.Multiply(y, 2f, d);
        TensorPrimitives.Divide(1f, d, d);
    });

    /// <summary>|x|; ∂/∂x = sign(x) (0 at 0, as PyTorch).</summary>
    public Tensor Abs() => Pointwise("AbsBackward", (x, y) => TensorPrimitives.Abs(x, y), (x, _, d) =>
    {
        for (int i = 0; i < x.Length; i++) d[i] = MathF.Sign(x[i]);
    });

    /// <summary>xᵖ; ∂/∂x = p·xᵖ⁻¹.</summary>
    public Tensor Pow(float exponent) => Pointwise("PowBackward",
        (x, y) =>
        {
            if (exponent == 2f) TensorPrimitives.Multiply(x, x, y);
            else TensorPrimitives.Pow(x, exponent, y);
        },
        (x, _, d) =>
        {
            if (exponent == 2f) TensorPrimitives.Multiply(x, 2f, d);
            else
            {
                TensorPrimitives.Pow(x, exponent - 1f, d);
                TensorPrimitives.Multiply(d, exponent, d);
            }
        });

    /// <summary>min(max(x, min), max); ∂/∂x = 1 inside [min, max], else 0.</summary>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        if (min > max)
            throw new ArgumentException($"Clamp: min ({min}) is greater than max ({max}).");
        return Pointwise("ClampBackward", (x, y) =>
        {
            TensorPrimitives.Max(x, min, y);
            TensorPrimitives.Min(y, max, y);
        }, (x, _, d) =>
        {
            for (int i = 0; i < x.Length; i++) d[i] = x[i] >= min && x[i] <= max ? 1f : 0f;
        });
    }
}
