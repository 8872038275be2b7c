namespace RnnCourse.Tensors.Blas;

/// <summary>
/// A single-precision GEMM, row-major: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or X^T.
/// op(A) is (m, k), op(B) is (k, n), C is (m, n); lda, ldb, ldc are the row strides of the stored
/// matrices (A stored as (m, k) or, when transA, as (k, m)). When beta is 0, C is not read.
/// </summary>
public interface IGemmProvider
{
    /// <summary>A short name for tables and logs ("managed", "openblas", "naive").</summary>
    string Name { get; }

    void Sgemm(bool transA, bool transB, int m, int n, int k,
               float alpha, ReadOnlySpan<float> a, int lda,
               ReadOnlySpan<float> b, int ldb,
               float beta, Span<float> c, int ldc);
}
