namespace RnnCourse.Tensors.Blas;

/// <summary>
/// One validated GEMM call with pinned pointers: C = alpha * op(A) * op(B) + beta * C.
/// AlwaysPack turns off reading operands in place (tests use it to reach the packing code on small shapes).
/// </summary>
internal readonly unsafe struct GemmOperands(
    bool transA, bool transB, int m, int n, int k, float alpha,
    float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, bool alwaysPack = false)
{
    public readonly bool AlwaysPack = alwaysPack;
    public readonly bool TransA = transA, TransB = transB;
    public readonly int M = m, N = n, K = k;
    public readonly float Alpha = alpha, Beta = beta;
    public readonly float* A = a, B = b, C = c;
    public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;
}
