namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The library's own fast GEMM: packed A and B panels, a register-blocked FMA micro-kernel
/// (AVX-512 8 x 32, else AVX2 6 x 16, else 128-bit 8 x 8 for ARM64, else a portable scalar 4 x 4),
/// cache blocking over n, k and m, and the rows or columns of C split across
/// <see cref="Parallelism.MaxThreads"/> threads.
/// </summary>
/// <remarks>
/// Deterministic: every element of C is one fused-multiply-add chain per depth block, and the depth
/// blocks depend on k alone, so results are bit-identical for any thread count and any kernel
/// (AVX-512, AVX2, ARM64 and scalar machines agree).
/// </remarks>
public sealed class ManagedGemm : IGemmProvider
{
    /// <summary>Below this many multiply-adds (m n k) a call stays on one thread: waking a helper would cost more.</summary>
    internal const long ParallelThreshold = 64 * 64 * 64;

    private readonly KernelChoice _kernel;
    private readonly int _threads;
    private readonly bool _alwaysPack;

    /// <summary>Uses the widest kernel the machine accelerates and <see cref="Parallelism.MaxThreads"/> threads.</summary>
    public ManagedGemm() : this(BestKernel) { }

    /// <summary>
    /// For tests and benchmarks: a chosen kernel, a fixed thread count (0: follow Parallelism.MaxThreads),
    /// and optionally packing every operand even where reading it in place would be faster.
    /// </summary>
    internal ManagedGemm(KernelChoice kernel, int threads = 0, bool alwaysPack = false)
    {
        if (!IsSupported(kernel))
            throw new PlatformNotSupportedException($"The {kernel} GEMM kernel is not accelerated on this machine.");
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _kernel = kernel;
        _threads = threads;
        _alwaysPack = alwaysPack;
    }

    public string Name => "managed";

    private ManagedGemm? _onOneThread;

    /// <summary>The same kernel on the calling thread only: for GEMMs issued from inside a parallel chunk.</summary>
    internal ManagedGemm OnOneThread => _threads == 1 ? this : _onOneThread ??= new ManagedGemm(_kernel, threads: 1);

    /// <summary>The micro-kernel in use, e.g. "avx512 8x32" (for benchmark tables and logs).</summary>
    public string KernelName => _kernel switch
    {
        KernelChoice.Avx512 => "avx512 8x32",
        KernelChoice.Avx2 => "avx2 6x16",
        KernelChoice.Vector128 => "vector128 8x8",
        _ => "scalar 4x4",
    };

    /// <summary>
    /// True when a wide x86 kernel (AVX-512, or AVX2 with FMA) runs here, where this provider beats
    /// OpenBLAS; false means the 128-bit or scalar kernel.
    /// </summary>
    public static bool IsVectorized => BestKernel is KernelChoice.Avx512 or KernelChoice.Avx2;

    internal static KernelChoice BestKernel =>
        Avx512MicroKernel.IsSupported ? KernelChoice.Avx512
        : Avx2MicroKernel.IsSupported ? KernelChoice.Avx2
        : Vector128MicroKernel.IsSupported ? KernelChoice.Vector128
        : KernelChoice.Scalar;

    internal static bool IsSupported(KernelChoice kernel) => kernel switch
    {
        KernelChoice.Avx512 => Avx512MicroKernel.IsSupported,
        KernelChoice.Avx2 => Avx2MicroKernel.IsSupported,
        KernelChoice.Vector128 => Vector128MicroKernel.IsSupported,
        _ => true,
    };

    public unsafe void Sgemm(bool transA, bool transB, int m, int n, int k,
                             float alpha, ReadOnlySpan<float> a, int lda,
                             ReadOnlySpan<float> b, int ldb,
                             float beta, Span<float> c, int ldc)
    {
        Gemm.CheckArguments(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(pc, m, n, ldc, beta); // C = beta * C: A and B are not read (BLAS semantics)
                return;
            }
            var op = new GemmOperands(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, _alwaysPack);
            int threads = _threads > 0 ? _threads : Parallelism.MaxThreads;
            switch (_kernel)
            {
                case KernelChoice.Avx512: Run<Avx512MicroKernel>(op, threads); break;
                case KernelChoice.Avx2: Run<Avx2MicroKernel>(op, threads); break;
                case KernelChoice.Vector128: Run<Vector128MicroKernel>(op, threads); break;
                default: Run<ScalarMicroKernel>(op, threads); break;
            }
        }
    }

    /// <summary>The columns of a micro-panel: column ranges of a <see cref="PackedMatrix"/> start at multiples of it.</summary>
    internal int PanelColumns => _kernel switch
    {
        KernelChoice.Avx512 => Avx512MicroKernel.Columns,
        KernelChoice.Avx2 => Avx2MicroKernel.Columns,
        KernelChoice.Vector128 => Vector128MicroKernel.Columns,
        _ => ScalarMicroKernel.Columns,
    };

    /// <summary>Packs op(B) (k, n) once for many products.</summary>
    internal PackedMatrix Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb) => new(transB, k, n, b, ldb, PanelColumns);

    /// <summary>
    /// Columns [col0, col0 + columns) of C (m, ·) = alpha·op(A)·B[:, col0 ..] + beta·C on the calling thread,
    /// with B packed by <see cref="Pack"/>; c starts at column col0.
    /// </summary>
    internal unsafe void SgemmPrepacked(bool transA, int m, int col0, int columns, float alpha, ReadOnlySpan<float> a, int lda,
                                        PackedMatrix b, float beta, Span<float> c, int ldc)
    {
        if (col0 % b.PanelColumns != 0 || b.PanelColumns != PanelColumns || col0 + columns > b.N)
            throw new ArgumentException($"Prepacked GEMM: columns [{col0}, {col0 + columns}) do not start on a panel of {b.PanelColumns} or exceed {b.N}.");
        int k = b.K;
        Gemm.CheckArguments(transA, false, m, columns, k, a.Length, lda, columns * k, columns, c.Length, ldc);
        if (m == 0 || columns == 0) return;
        fixed (float* pa = a, pc = c)
        {
            // The packed panels are addressed from column 0, so C is offset back by col0.
            var op = new GemmOperands(transA, false, m, col0 + columns, k, alpha, pa, lda, null, 0, beta, pc - col0, ldc);
            switch (_kernel)
            {
                case KernelChoice.Avx512: PackedGemm.MultiplyPrepacked<Avx512MicroKernel>(op, b, 0, m, col0, columns, GemmScratch.Current); break;
                case KernelChoice.Avx2: PackedGemm.MultiplyPrepacked<Avx2MicroKernel>(op, b, 0, m, col0, columns, GemmScratch.Current); break;
                case KernelChoice.Vector128: PackedGemm.MultiplyPrepacked<Vector128MicroKernel>(op, b, 0, m, col0, columns, GemmScratch.Current); break;
                default: PackedGemm.MultiplyPrepacked<ScalarMicroKernel>(op, b, 0, m, col0, columns, GemmScratch.Current); break;
            }
        }
    }

    private static void Run<TKernel>(in GemmOperands op, int threads) where TKernel : struct, IMicroKernel
    {
        if (threads == 1 || (long)op.M * op.N * op.K < ParallelThreshold)
        {
            PackedGemm.Multiply<TKernel>(op, 0, op.M, 0, op.N, GemmScratch.Current);
            return;
        }
        var split = GemmSplit.For(op.M, op.N, TKernel.Rows, TKernel.Columns, threads);
        if (split.Chunks == 1)
        {
            PackedGemm.Multiply<TKernel>(op, 0, op.M, 0, op.N, GemmScratch.Current);
            return;
        }
        var job = GemmJob<TKernel>.Rent(op, split);
        KernelWorkerPool.Run(job, split.Chunks, threads);
        job.Return();
    }

    /// <summary>C = beta * C, with beta == 0 writing zeros without reading C.</summary>
    private static unsafe void ScaleC(float* c, int m, int n, nint ldc, float beta)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (beta == 0f) row.Clear();
            else for (int j = 0; j < n; j++) row[j] *= beta;
        }
    }
}

/// <summary>Which micro-kernel a <see cref="ManagedGemm"/> runs.</summary>
internal enum KernelChoice { Avx512, Avx2, Vector128, Scalar }
