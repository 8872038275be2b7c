using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the kernels read.
/// The transpose flags are resolved here, so no caller ever materializes a transposed matrix.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// One A micro-panel: dst[p * panelRows + i] = op(A)[row0 + i, k0 + p] for i &lt; rows, p &lt; kc;
    /// rows rows..panelRows are zero. A is stored (m, k), or (k, m) when transA.
    /// </summary>
    public static void PackAPanel(float* a, nint lda, bool transA, int row0, int rows, int k0, int kc,
                                  int panelRows, float* dst)
    {
        if (transA)
        {
            // Stored (k, m): the panel's column p is `rows` consecutive floats of stored row k0 + p.
            float* src = a + (k0 * lda + row0);
            for (int p = 0; p < kc; p++, src += lda, dst += panelRows)
                CopyPadded(src, dst, rows, panelRows);
            return;
        }

        // Stored (m, k): gather one value from each of the panel's rows per step p.
        if (rows == panelRows && panelRows == 8)
        {
            float* r0 = a + (row0 * lda + k0);
            float* r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda, r6 = r5 + lda, r7 = r6 + lda;
            for (int p = 0; p < kc; p++, dst += 8)
            {
                dst[0] = r0[p]; dst[1] = r1[p]; dst[2] = r2[p]; dst[3] = r3[p];
                dst[4] = r4[p]; dst[5] = r5[p]; dst[6] = r6[p]; dst[7] = r7[p];
            }
            return;
        }
        for (int i = 0; i < panelRows; i++)
        {
            float* column = dst + i;
            if (i < rows)
            {
                float* src = a + ((row0 + i) * lda + k0);
                for (int p = 0; p < kc; p++) column[p * panelRows] = src[p];
            }
            else
            {
                for (int p = 0; p < kc; p++) column[p * panelRows] = 0f;
            }
        }
    }

    /// <summary>
    /// A block of B as consecutive micro-panels of panelColumns columns, each kc x panelColumns row-major:
    /// dst[j0 * kc + p * panelColumns + j] = op(B)[k0 + p, col0 + j0 + j]; columns past `columns` are zero.
    /// B is stored (k, n), or (n, k) when transB.
    /// </summary>
    public static void PackBBlock(float* b, nint ldb, bool transB, int k0, int kc, int col0, int columns,
                                  int panelColumns, float* dst)
    {
        for (int j0 = 0; j0 < columns; j0 += panelColumns, dst += kc * panelColumns)
        {
            int width = Math.Min(panelColumns, columns - j0);
            if (!transB)
            {
                // Stored (k, n): each panel row is a slice of a stored row.
                float* src = b + (k0 * ldb + col0 + j0);
                float* row = dst;
                for (int p = 0; p < kc; p++, src += ldb, row += panelColumns)
                    CopyPadded(src, row, width, panelColumns);
            }
            else
            {
                // Stored (n, k): column j of the panel is stored row col0 + j0 + j.
                for (int j = 0; j < panelColumns; j++)
                {
                    float* column = dst + j;
                    if (j < width)
                    {
                        float* src = b + ((col0 + j0 + j) * ldb + k0);
                        for (int p = 0; p < kc; p++) column[p * panelColumns] = src[p];
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) column[p * panelColumns] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>dst[0..count) = src[0..count), dst[count..width) = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int count, int width)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= count; j += 8) Vector256.Store(Vector256.Load(src + j), dst + j);
        for (; j < count; j++) dst[j] = src[j];
        for (; j < width; j++) dst[j] = 0f;
    }
}
