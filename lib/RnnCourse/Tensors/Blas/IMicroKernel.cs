namespace RnnCourse.Tensors.Blas;

/// <summary>
/// A register-blocked GEMM micro-kernel: it multiplies an A micro-panel (Rows x kc; element (i, p)
/// at a[i * aRowStride + p * aStepStride], so a packed panel, A in place or A^T in place) by a B
/// micro-panel (kc x Columns, row p at b + p * bStride) and updates a Rows x Columns tile of C:
/// C = alpha * (A B) + beta * C, where beta == 0 means C is written without being read.
/// </summary>
/// <remarks>
/// Determinism contract shared by every kernel: each element of C accumulates its products in a
/// single fused-multiply-add chain that starts from zero, p = 0, 1, ..., kc - 1, and is then stored
/// as alpha * acc + beta * c (two roundings, no fusion). The result of an element therefore does not
/// depend on the kernel, on its position inside a tile, or on how the work is split across threads.
/// </remarks>
internal interface IMicroKernel
{
    /// <summary>True when this kernel's instructions are accelerated on the running machine.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Rows of C per tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of C per tile (NR).</summary>
    static abstract int Columns { get; }

    /// <summary>Updates the top-left rows x columns corner of the tile at c (rows &lt;= Rows, columns &lt;= Columns).</summary>
    static abstract unsafe void Multiply(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                         float* c, nint ldc, int rows, int columns, float alpha, float beta);

    /// <summary>
    /// One row of C across <see cref="RowPanels"/> whole B panels at once (panel q at b + q * panelStride),
    /// so a single row still has enough independent sums to keep the FMA units busy.
    /// </summary>
    static abstract unsafe void MultiplyRow(float* a, nint aStepStride, float* b, nint bStride, nint panelStride, int kc,
                                            float* c, float alpha, float beta);

    /// <summary>How many B panels <see cref="MultiplyRow"/> covers.</summary>
    static abstract int RowPanels { get; }
}

/// <summary>A row count known at JIT time, so one kernel body specializes into 1-, 2-, 4- ... row variants.</summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal readonly struct OneRow : IRowCount { public static int Value => 1; }
internal readonly struct TwoRows : IRowCount { public static int Value => 2; }
internal readonly struct FourRows : IRowCount { public static int Value => 4; }
internal readonly struct SixRows : IRowCount { public static int Value => 6; }
internal readonly struct EightRows : IRowCount { public static int Value => 8; }

/// <summary>Vectors per row of a tile, as a JIT-time constant.</summary>
internal readonly struct OneVector : IRowCount { public static int Value => 1; }
internal readonly struct TwoVectors : IRowCount { public static int Value => 2; }
