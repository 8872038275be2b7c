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
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float aip = transA ? a[p * lda + i] : a[i * lda + p];
                    float bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)aip * bpj;
                }
                float prior = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + prior;
            }
    }
}
