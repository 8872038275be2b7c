using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous micro-panels the kernels read. The transpose
/// flags are resolved here, so no caller ever materializes a transposed matrix. Panels of an edge tile
/// are not padded: the rows of A and columns of B past the edge keep stale values, which only reach
/// accumulators whose rows or columns are never stored (each sum c[i, j] reads row i of A and column
/// j of B alone).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// One A micro-panel: dst[p * panelRows + i] = op(A)[row0 + i, k0 + p] for i &lt; rows, p &lt; kc.
    /// A is stored (m, k), or (k, m) when transA.
    /// </summary>
    public static void PackAPanel(float* a, nint lda, bool transA, int row0, int rows, int k0, int kc,
                                  int panelRows, float* dst)
    {
        if (transA)
        {
            // Stored (k, m): the panel's column p is `rows` consecutive floats of stored row k0 + p.
            float* src = a + (k0 * lda + row0);
            for (int p = 0; p < kc; p++, src += lda, dst += panelRows)
                Copy(src, dst, rows);
            return;
        }

        // Stored (m, k): the panel is the transpose of a rows x kc block; 8 x 8 tiles go through registers
        // (a 6-row panel transposes 8 rows, the last two repeating row 5, and keeps 6 floats of each).
        if (rows == panelRows && (panelRows == 8 || panelRows == 6) && Avx.IsSupported)
        {
            float* r0 = a + (row0 * lda + k0);
            nint lastRowOffset = (rows - 1) * lda;
            int p = 0;
            for (; p + 8 <= kc; p += 8) Transpose8x8(r0 + p, lda, lastRowOffset, dst + p * panelRows, panelRows, rows);
            for (; p < kc; p++)
                for (int i = 0; i < rows; i++) dst[p * panelRows + i] = r0[i * lda + p];
            return;
        }
        for (int i = 0; i < rows; i++)
        {
            float* column = dst + i, src = a + ((row0 + i) * lda + k0);
            for (int p = 0; p < kc; p++) column[p * panelRows] = src[p];
        }
    }

    /// <summary>
    /// The A micro-panels of rows [row0, row0 + rows) and depth [k0, k0 + kc) from A stored (k, m), one after
    /// another (panel q at dst + q · panelRows · kc, laid out as <see cref="PackAPanel"/>). Each stored row is
    /// read once, left to right, instead of panel by panel at a stride of a whole row.
    /// </summary>

    public static void PackATransposedBlock(float* a, nint lda, int row0, int rows, int k0, int kc, int panelRows, float* dst)
    {
        float* src = a + (k0 * lda + row0);
        for (int p = 0; p < kc; p++, src += lda)
        {
            float* panelColumn = dst + p * panelRows;
            for (int i = 0; i < rows; i += panelRows, panelColumn += panelRows * kc)
                Copy(src + i, panelColumn, Math.Min(panelRows, rows - i));
        }
    }

    /// <summary>
    /// A block of B as consecutive micro-panels of panelColumns columns, each kc x panelColumns row-major:
    /// dst[j0 * kc + p * panelColumns + j] = op(B)[k0 + p, col0 + j0 + j] for j0 + j &lt; columns.
    /// B is stored (k, n), or (n, k) when transB.
    /// </summary>
    public static void PackBBlock(float* b, nint ldb, bool transB, int k0, int kc, int col0, int columns,
                                  int panelColumns, float* dst)
    {
        if (!transB)
        {
            // Stored (k, n): walk each stored row once, left to right (one prefetch-friendly stream),
            // dealing its slices out to the panels.
            int fullColumns = columns / panelColumns * panelColumns;
            float* src = b + (k0 * ldb + col0);
            for (int p = 0; p < kc; p++, src += ldb)
            {
                float* row = dst + p * panelColumns;
                int j0 = 0;
                for (; j0 < fullColumns; j0 += panelColumns, row += kc * panelColumns)
                    Copy(src + j0, row, panelColumns);
                if (j0 < columns)
                    Copy(src + j0, row, columns - j0);
            }
            return;
        }
        // Stored (n, k): column j of a panel is stored row col0 + j0 + j, so panels are transposes of
        // row slices; 8 x 8 tiles go through registers.
        for (int j0 = 0; j0 < columns; j0 += panelColumns, dst += kc * panelColumns)
        {
            int width = Math.Min(panelColumns, columns - j0);
            int j = 0;
            if (Avx.IsSupported)
            {
                for (; j + 8 <= width; j += 8)
                {
                    float* src = b + ((col0 + j0 + j) * ldb + k0);
                    int p = 0;
                    for (; p + 8 <= kc; p += 8) Transpose8x8(src + p, ldb, 7 * ldb, dst + (p * panelColumns + j), panelColumns, 8);
                    for (; p < kc; p++)
                        for (int q = 0; q < 8; q++) dst[p * panelColumns + j + q] = src[q * ldb + p];
                }
            }
            for (; j < width; j++)
            {
                float* column = dst + j, src = b + ((col0 + j0 + j) * ldb + k0);
                for (int p = 0; p < kc; p++) column[p * panelColumns] = src[p];
            }
        }
    }

    /// <summary>
    /// dst[q * dstStride + i] = src[i * srcStride + q] for q &lt; 8 and i &lt; rows (8, or 6: then source
    /// rows 6 and 7 repeat the row at lastRowOffset and are not stored), in AVX registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, nint lastRowOffset, float* dst, nint dstStride, int rows)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + (rows == 8 ? 6 * srcStride : lastRowOffset));
        Vector256<float> r7 = Avx.LoadVector256(src + (rows == 8 ? 7 * srcStride : lastRowOffset));
        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        StoreColumn(dst, Avx.Permute2x128(s0, s4, 0x20), rows);
        StoreColumn(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20), rows);
        StoreColumn(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20), rows);
        StoreColumn(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20), rows);
        StoreColumn(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31), rows);
        StoreColumn(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31), rows);
        StoreColumn(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31), rows);
        StoreColumn(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31), rows);
    }

    /// <summary>The first <paramref name="rows"/> (8 or 6) floats of <paramref name="column"/> to dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(float* dst, Vector256<float> column, int rows)
    {
        if (rows == 8)
        {
            Avx.Store(dst, column);
        }
        else
        {
            Sse.Store(dst, column.GetLower());
            Sse2.StoreScalar((double*)(dst + 4), column.GetUpper().AsDouble());
        }
    }

    /// <summary>dst[0..count) = src[0..count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= count; j += 8) Vector256.Store(Vector256.Load(src + j), dst + j);
        for (; j < count; j++) dst[j] = src[j];
    }
}
