namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The one GEMM entry point every matrix product in the library goes through. The provider is chosen
/// on first use from the environment variable RNN_COURSE_GEMM ("managed", "openblas" or "naive") and
/// can be replaced at run time (for benchmarks and tests). Unset, it is <see cref="Default"/>.
/// </summary>
public static class Gemm
{
    /// <summary>The environment variable that selects the provider.</summary>
    public const string ProviderVariable = "RNN_COURSE_GEMM";

    private static IGemmProvider? _provider;

    /// <summary>The provider <see cref="Sgemm"/> uses; chosen lazily so a bad RNN_COURSE_GEMM fails with its own message.</summary>
    public static IGemmProvider Provider
    {
        get => _provider ??= FromEnvironment();
        set => _provider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc cref="IGemmProvider.Sgemm"/>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
                             float alpha, ReadOnlySpan<float> a, int lda,
                             ReadOnlySpan<float> b, int ldb,
                             float beta, Span<float> c, int ldc)
        => Provider.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// As <see cref="Sgemm"/>, but on the calling thread only, for GEMMs issued from inside a chunk of
    /// <see cref="Parallelism.For"/>. Only the managed provider can promise that; see <see cref="CanSplitAcrossThreads"/>.
    /// </summary>
    internal static void SgemmOnThisThread(bool transA, bool transB, int m, int n, int k,
                                           float alpha, ReadOnlySpan<float> a, int lda,
                                           ReadOnlySpan<float> b, int ldb,
                                           float beta, Span<float> c, int ldc)
    {
        IGemmProvider provider = Provider is ManagedGemm managed ? managed.OnOneThread : Provider;
        provider.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// Packs op(B) (k, n) once for many products with it (a recurrent weight used at every step), or
    /// returns null when the provider has no packed path (then call the unpacked overloads).
    /// </summary>
    internal static PackedMatrix? TryPack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
        => Provider is ManagedGemm managed ? managed.Pack(transB, k, n, b, ldb) : null;

    /// <summary>
    /// C[:, col0 .. col0 + columns) = alpha·op(A)·B[:, col0 ..] + beta·C on the calling thread, B packed by
    /// <see cref="TryPack"/>; <paramref name="c"/> starts at column col0. col0 must be a multiple of <see cref="PanelColumns"/>.
    /// </summary>
    internal static void SgemmOnThisThread(bool transA, int m, int col0, int columns, float alpha, ReadOnlySpan<float> a, int lda,
                                           PackedMatrix b, float beta, Span<float> c, int ldc)
        => ((ManagedGemm)Provider).OnOneThread.SgemmPrepacked(transA, m, col0, columns, alpha, a, lda, b, beta, c, ldc);

    /// <summary>The column granularity of packed products (the managed kernel's panel width), 1 for other providers.</summary>
    internal static int PanelColumns => Provider is ManagedGemm managed ? managed.PanelColumns : 1;

    /// <summary>True when callers may run GEMMs in parallel chunks of their own (the managed provider).</summary>
    internal static bool CanSplitAcrossThreads => Provider is ManagedGemm && Parallelism.MaxThreads > 1;

    /// <summary>Picks the provider named by RNN_COURSE_GEMM; unknown names are an error that lists the choices.</summary>
    public static IGemmProvider FromEnvironment()
    {
        string? name = Environment.GetEnvironmentVariable(ProviderVariable);
        return string.IsNullOrWhiteSpace(name) ? Default() : ByName(name.Trim());
    }

    /// <summary>
    /// The managed provider where it has a wide x86 kernel (AVX-512, or AVX2 with FMA). On a machine
    /// with neither (e.g. ARM64) OpenBLAS, tuned per CPU, is likely faster than the managed 128-bit
    /// or scalar kernel, so it is chosen when installed; otherwise the managed provider runs.
    /// </summary>
    public static IGemmProvider Default() =>
        !ManagedGemm.IsVectorized && OpenBlasGemm.IsAvailable ? new OpenBlasGemm() : new ManagedGemm();

    /// <summary>"managed", "openblas" or "naive" (case-insensitive). "openblas" throws if the library is missing.</summary>
    public static IGemmProvider ByName(string name) => name.ToLowerInvariant() switch
    {
        "naive" => new NaiveGemm(),
        "managed" => new ManagedGemm(),
        "openblas" => new OpenBlasGemm(),
        _ => throw new ArgumentException(
            $"Unknown GEMM provider '{name}' (from {ProviderVariable}). Choose 'managed', 'openblas' or 'naive'."),
    };

    /// <summary>Validates sizes and strides so every provider fails the same clear way.</summary>
    public static void CheckArguments(bool transA, bool transB, int m, int n, int k,
                                      int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"GEMM sizes must be non-negative, got m={m}, n={n}, k={k}.");
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        Check("A", aRows, aCols, aLength, lda);
        Check("B", bRows, bCols, bLength, ldb);
        Check("C", m, n, cLength, ldc);

        static void Check(string what, int rows, int cols, int length, int ld)
        {
            if (rows == 0 || cols == 0) return;
            if (ld < cols)
                throw new ArgumentException($"GEMM: leading dimension of {what} is {ld}, less than its {cols} columns.");
            long need = (long)(rows - 1) * ld + cols;
            if (length < need)
                throw new ArgumentException(
                    $"GEMM: {what} is ({rows}, {cols}) with stride {ld} and needs {need} elements, but its buffer has {length}.");
        }
    }
}
