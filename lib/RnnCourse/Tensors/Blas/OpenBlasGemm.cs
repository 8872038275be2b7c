namespace RnnCourse.Tensors.Blas;

/// <summary>
/// GEMM through OpenBLAS's cblas_sgemm (row-major), the benchmark reference and the fallback on
/// machines without AVX2/AVX-512 FMA. OpenBLAS's thread count follows <see cref="Parallelism.MaxThreads"/>.
/// </summary>
public sealed class OpenBlasGemm : IGemmProvider
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static int _threadsSet;

    /// <summary>Fails with a message naming the library and how to install it when OpenBLAS is missing.</summary>
    public OpenBlasGemm()
    {
        if (!IsAvailable) throw OpenBlasLibrary.NotFound();
    }

    public string Name => "openblas";

    /// <summary>True when the OpenBLAS shared library was found and exports cblas_sgemm.</summary>
    public static bool IsAvailable => OpenBlasLibrary.IsLoaded;

    /// <summary>The library file that was loaded, or null.</summary>
    public static string? LibraryPath => OpenBlasLibrary.LoadedFrom;

    /// <summary>OpenBLAS's own description of its build and CPU kernel (openblas_get_config), or null.</summary>
    public static string? Configuration => OpenBlasLibrary.Configuration;

    public unsafe void Sgemm(bool transA, bool transB, int m, int n, int k,
                             float alpha, ReadOnlySpan<float> a, int lda,
                             ReadOnlySpan<float> b, int ldb,
                             float beta, Span<float> c, int ldc)
    {
        Gemm.CheckArguments(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        SyncThreadCount();
        // cblas checks lda >= max(1, columns) even for empty operands; pass a legal stride then.
        int aCols = transA ? m : k, bCols = transB ? k : n;
        lda = Math.Max(lda, Math.Max(1, aCols));
        ldb = Math.Max(ldb, Math.Max(1, bCols));
        fixed (float* pa = a, pb = b, pc = c)
            OpenBlasLibrary.Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans,
                                  m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>Calls openblas_set_num_threads whenever Parallelism.MaxThreads has changed.</summary>
    private static unsafe void SyncThreadCount()
    {
        int threads = Parallelism.MaxThreads;
        if (threads == Volatile.Read(ref _threadsSet) || OpenBlasLibrary.SetNumThreads == null) return;
        OpenBlasLibrary.SetNumThreads(threads);
        Volatile.Write(ref _threadsSet, threads);
    }
}
