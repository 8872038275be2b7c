using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>+ − × ÷ with broadcasting; each backward sums the gradient back to its operand's shape.</summary>
public partial class Tensor
{
    /// <summary>a + b, broadcast. ∂/∂a = ∂/∂b = 1.</summary>
    public Tensor Add(Tensor other)
    {
        int[] shape = Shapes.Broadcast(_shape, other._shape, "Add");
        var result = new Tensor(Broadcasting.Apply<AddKernel>(this, other, shape), shape);
        if (!Tracks(this, other)) return result;
        Tensor a = this, b = other;
        return result.Record("AddBackward", [a, b], g =>
        {
            if (a._requiresGrad) a.AccumulateGradOwned(Broadcasting.SumTo(g._data, shape, a._shape));
            if (b._requiresGrad) b.AccumulateGradOwned(Broadcasting.SumTo(g._data, shape, b._shape));
        });
    }

    /// <summary>a − b, broadcast. ∂/∂a = 1, ∂/∂b = −1.</summary>
    public Tensor Sub(Tensor other)
    {
        int[] shape = Shapes.Broadcast(_shape, other._shape, "Sub");
        var result = new Tensor(Broadcasting.Apply<SubtractKernel>(this, other, shape), shape);
        if (!Tracks(this, other)) return result;
        Tensor a = this, b = other;
        return result.Record("SubBackward", [a, b], g =>
        {
            if (a._requiresGrad) a.AccumulateGradOwned(Broadcasting.SumTo(g._data, shape, a._shape));
            if (b._requiresGrad)
            {
                float[] gb = Broadcasting.SumTo(g._data, shape, b._shape);
                TensorPrimitives.Negate(gb, gb);
                b.AccumulateGradOwned(gb);
            }
        });
    }

    /// <summary>a ⊙ b, broadcast. ∂/∂a = b, ∂/∂b = a.</summary>
    public Tensor Mul(Tensor other)
    {
        int[] shape = Shapes.Broadcast(_shape, other._shape, "Mul");
        var result = new Tensor(Broadcasting.Apply<MultiplyKernel>(this, other, shape), shape);
        if (!Tracks(this, other)) return result;
        Tensor a = this, b = other;
        return result.Record("MulBackward", [a, b], g =>
        {
            if (a._requiresGrad) a.AccumulateGradOwned(Broadcasting.SumTo(Broadcasting.Apply<MultiplyKernel>(g, b, shape), shape, a._shape));
            if (b._requiresGrad) b.AccumulateGradOwned(Broadcasting.SumTo(Broadcasting.Apply<MultiplyKernel>(g, a, shape), shape, b._shape));
        });
    }

    /// <summary>a / b, broadcast. ∂/∂a = 1/b, ∂/∂b = −a/b².</summary>
    public Tensor Div(Tensor other)
    {
        int[] shape = Shapes.Broadcast(_shape, other._shape, "Div");
        var result = new Tensor(Broadcasting.Apply<DivideKernel>(this, other, shape), shape);
        if (!Tracks(this, other)) return result;
        Tensor a = this, b = other, y = result;
        return result.Record("DivBackward", [a, b], g =>
        {
            float[] gOverB = Broadcasting.Apply<DivideKernel>(g, b, shape); // g / b
            if (a._requiresGrad) a.AccumulateGradOwned(Broadcasting.SumTo(gOverB, shape, a._shape));
            if (b._requiresGrad)
            {
                // −g·a/b² = −(g/b)·y
                float[] gb = Broadcasting.Apply<MultiplyKernel>(new Tensor(gOverB, shape), y.Detach(), shape);
                TensorPrimitives.Negate(gb, gb);
                b.AccumulateGradOwned(Broadcasting.SumTo(gb, shape, b._shape));
            }
        });
    }

    /// <summary>x + s.</summary>
    public Tensor Add(float scalar) => Affine(1f, scalar, "AddBackward");

    /// <summary>x · s.</summary>
    public Tensor Mul(float scalar) => Affine(scalar, 0f, "MulBackward");

    /// <summary>y = scale·x + shift, element-wise; ∂y/∂x = scale.</summary>
    private Tensor Affine(float scale, float shift, string name)
    {
        var data = new float[_data.Length];
        if (shift == 0f) TensorPrimitives.Multiply(_data, scale, data);
        else if (scale == 1f) TensorPrimitives.Add(_data, shift, data);
        else
        {
            TensorPrimitives.Multiply(_data, scale, data);
            TensorPrimitives.Add(data, shift, data);
        }
        var result = new Tensor(data, _shape);
        if (!Tracks(this)) return result;
        Tensor x = this;
        return result.Record(name, [x], g =>
        {
            if (scale == 1f) { x.AccumulateGrad(g._data); return; }
            var gx = new float[g._data.Length];
            TensorPrimitives.Multiply(g._data, scale, gx);
            x.AccumulateGradOwned(gx);
        });
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, float s) => a.Add(s);
    public static Tensor operator +(float s, Tensor a) => a.Add(s);
    public static Tensor operator -(Tensor a, float s) => a.Add(-s);
    public static Tensor operator -(float s, Tensor a) => a.Affine(-1f, s, "RsubBackward");
    public static Tensor operator *(Tensor a, float s) => a.Mul(s);
    public static Tensor operator *(float s, Tensor a) => a.Mul(s);
    public static Tensor operator /(Tensor a, float s) => a.Mul(1f / s);
    public static Tensor operator /(float s, Tensor a) => a.Pow(-1f).Mul(s);
}
