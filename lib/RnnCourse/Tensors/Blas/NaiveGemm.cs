namespace RnnCourse.Tensors.Blas;

/// <summary>The textbook triple loop, accumulated in double: the reference the fast providers are tested against.</summary>
public sealed class NaiveGemm : IGemmProvider
{
    public string Name => "naive";

    public void Sgemm(bool transA, bool transB, int m, int n, int k,
                      float alpha, ReadOnlySpan<float> a, int lda,
                      ReadOnlySpan<float> b, int ldb,
                      float beta, Span<float> c, int ldc)
    {
        Gemm.CheckArguments(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        // op(A)[i, p] = a[i * aRow + p * aStep] and op(B)[p, j] = b[p * bStep + j * bColumn].
        int aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        int bStep = transB ? 1 : ldb, bColumn = transB ? ldb : 1;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (double)a[i * aRow + p * aStep] * b[p * bStep + j * bColumn];
                float prior = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + prior;
            }
    }
}
