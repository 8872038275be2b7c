using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tensors;

/// <summary>Matrix products through the one GEMM entry point; backward passes transpose flags, never copies.</summary>
public partial class Tensor
{
    /// <summary>
    /// Matrix product: (m, k)·(k, n) → (m, n); batched (b, m, k)·(b, k, n) → (b, m, n); and
    /// (b, m, k)·(k, n) → (b, m, n), the shared weight of a layer applied to every row.
    /// ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        Tensor a = this, b = other;
        bool shared = a.Rank == 3 && b.Rank == 2;
        bool batched = a.Rank == 3 && b.Rank == 3;
        if (!(a.Rank == 2 && b.Rank == 2) && !shared && !batched)
            throw new ArgumentException(
                $"MatMul: shapes {Shapes.Format(a._shape)} and {Shapes.Format(b._shape)} are not supported; " +
                "use (m, k)·(k, n), (b, m, k)·(b, k, n) or (b, m, k)·(k, n) (Reshape a vector to (1, k) or (k, 1)).");
        int k = a._shape[^1];
        int bk = b._shape[^2], n = b._shape[^1];
        if (k != bk || (batched && a._shape[0] != b._shape[0]))
            throw new ArgumentException(
                $"MatMul: shapes {Shapes.Format(a._shape)} and {Shapes.Format(b._shape)} do not match: " +
                (k != bk ? $"the inner dimensions are {k} and {bk}." : $"the batch sizes are {a._shape[0]} and {b._shape[0]}."));
        int batch = batched ? a._shape[0] : 1;
        int m = batched ? a._shape[1] : shared ? a._shape[0] * a._shape[1] : a._shape[0];
        int[] shape = a.Rank == 2 ? [m, n] : [a._shape[0], a._shape[1], n];

        var c = new float[Shapes.Count(shape)];
        for (int i = 0; i < batch; i++)
            Gemm.Sgemm(false, false, m, n, k, 1f, a._data.AsSpan(i * m * k), k, b._data.AsSpan(batched ? i * k * n : 0), n,
                       0f, c.AsSpan(i * m * n), n);
        var result = new Tensor(c, shape);
        if (!Tracks(a, b)) return result;
        return result.Record("MatMulBackward", [a, b], g =>
        {
            if (a._requiresGrad)
            {
                var ga = new float[a._data.Length];
                for (int i = 0; i < batch; i++) // G (m, n) · Bᵀ (n, k)
                    Gemm.Sgemm(false, true, m, k, n, 1f, g._data.AsSpan(i * m * n), n, b._data.AsSpan(batched ? i * k * n : 0), n,
                               0f, ga.AsSpan(i * m * k), k);
                a.AccumulateGradOwned(ga);
            }
            if (b._requiresGrad)
            {
                var gb = new float[b._data.Length];
                for (int i = 0; i < batch; i++) // Aᵀ (k, m) · G (m, n)
                    Gemm.Sgemm(true, false, k, n, m, 1f, a._data.AsSpan(i * m * k), k, g._data.AsSpan(i * m * n), n,
                               0f, gb.AsSpan(batched ? i * k * n : 0), n);
                b.AccumulateGradOwned(gb);
            }
        });
    }
}
