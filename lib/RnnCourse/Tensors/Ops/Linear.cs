using System.Numerics.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tensors;

public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b over the last dimension of x (..., in), with W (out, in): one GEMM with the transpose
    /// flag, no copy of W. ∂L/∂x = G·W, ∂L/∂W = Gᵀ·x, ∂L/∂b = Σ_rows G.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || x.Rank < 1 || x.Size(-1) != weight.Size(1))
            throw new ArgumentException(
                $"Linear: input {Shapes.Format(x.ShapeArray)} and weight {Shapes.Format(weight.ShapeArray)} do not match: " +
                "the input's last dimension must equal the weight's second (weight is (out, in)).");
        int inF = weight.Size(1), outF = weight.Size(0), rows = x.Numel / Math.Max(inF, 1);
        if (bias is not null && (bias.Rank != 1 || bias.Numel != outF))
            throw new ArgumentException($"Linear: bias {Shapes.Format(bias.ShapeArray)} must be ({outF},).");
        float[] y = BufferPool.Rent(rows * outF); // every element written: the bias rows, or beta = 0
        if (bias is not null)
            Parallelism.ForRanges(rows, outF, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++) bias.Data.AsSpan().CopyTo(y.AsSpan(r * outF));
            });
        Gemm.Sgemm(false, true, rows, outF, inF, 1f, x.Data, inF, weight.Data, inF, bias is null ? 0f : 1f, y, outF);
        var result = new Tensor(y, [.. x.ShapeArray[..^1], outF]);
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        if (!Tensor.Tracks(inputs)) return result;
        return result.Record("LinearBackward", inputs, g =>
        {
            if (x.RequiresGrad)
            {
                float[] gx = BufferPool.Rent(x.Numel); // beta = 0 writes every element
                Gemm.Sgemm(false, false, rows, inF, outF, 1f, g.Data, outF, weight.Data, inF, 0f, gx, inF);
                x.AccumulateGradOwned(gx);
            }
            if (weight.RequiresGrad)
            {
                float[] gw = BufferPool.Rent(weight.Numel);
                Gemm.Sgemm(true, false, outF, inF, rows, 1f, g.Data, outF, x.Data, inF, 0f, gw, inF);
                weight.AccumulateGradOwned(gw);
            }
            Tensor.AccumulateBiasGrad(bias, g.Data, rows, outF);
        });
    }
}
