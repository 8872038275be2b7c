using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The AVX2 + FMA micro-kernel for machines without fast 512-bit vectors: a 6 x 16 tile of C in 12
/// Vector256 accumulators (16 registers: 12 sums, 2 B vectors, 1 broadcast A value),
/// c[i, :] += a[i, p] * b[p, :].
/// </summary>
internal readonly struct Avx2MicroKernel : IMicroKernel
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;
    public static int Rows => 6;
    public static int Columns => 16;

    public static unsafe void Multiply(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                       float* c, nint ldc, int rows, int columns, float alpha, float beta)
    {
        // Short edge tiles run a kernel with fewer accumulators; the sums are the same chains.
        if (rows > 4) Tile<SixRows>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
        else if (rows > 2) Tile<FourRows>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
        else if (rows == 2) Tile<TwoRows>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
        else Tile<OneRow>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
    }

    private static unsafe void Tile<TRows>(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                           float* c, nint ldc, int rows, int columns, float alpha, float beta)
        where TRows : struct, IRowCount
    {
        // Row i of the A panel: element p at a_i[p * aStepStride]; rows past `rows` repeat row 0.
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + aRowStride : a0;
        float* a2 = rows > 2 ? a1 + aRowStride : a0;
        float* a3 = rows > 3 ? a2 + aRowStride : a0;
        float* a4 = rows > 4 ? a3 + aRowStride : a0;
        float* a5 = rows > 5 ? a4 + aRowStride : a0;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default;

        // Start fetching the C tile now; it is read (or written) only after the k loop.
        for (int i = 0; i < rows; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + (columns - 1));
        }

        for (nint p = 0, q = 0; p < kc; p++, q += aStepStride)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> ai = Vector256.Create(a0[q]);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            if (TRows.Value > 1)
            {
                ai = Vector256.Create(a1[q]);
                c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            }
            if (TRows.Value > 2)
            {
                ai = Vector256.Create(a2[q]);
                c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
                ai = Vector256.Create(a3[q]);
                c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            }
            if (TRows.Value > 4)
            {
                ai = Vector256.Create(a4[q]);
                c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
                ai = Vector256.Create(a5[q]);
                c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
            }
            b += bStride;
        }

        // No calls from here on: a call would force the JIT to keep the accumulators in memory.
        float* edge = stackalloc float[16];
        UpdateRow(c, c00, c01, columns, alpha, beta, edge);
        if (rows > 1) UpdateRow(c + ldc, c10, c11, columns, alpha, beta, edge);
        if (TRows.Value > 2)
        {
            if (rows > 2) UpdateRow(c + 2 * ldc, c20, c21, columns, alpha, beta, edge);
            if (rows > 3) UpdateRow(c + 3 * ldc, c30, c31, columns, alpha, beta, edge);
        }
        if (TRows.Value > 4)
        {
            if (rows > 4) UpdateRow(c + 4 * ldc, c40, c41, columns, alpha, beta, edge);
            if (rows > 5) UpdateRow(c + 5 * ldc, c50, c51, columns, alpha, beta, edge);
        }
    }

    public static int RowPanels => 4;

    /// <summary>c[0, 0..64) = alpha * sum_p a[0, p] * b[p, 0..64) + beta * c: 8 independent sums, 4 panels of 16 columns.</summary>
    public static unsafe void MultiplyRow(float* a, nint aStepStride, float* b, nint bStride, nint panelStride, int kc,
                                          float* c, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        float* b1 = b + panelStride, b2 = b1 + panelStride, b3 = b2 + panelStride;
        for (nint p = 0, offset = 0; p < kc; p++, offset += bStride)
        {
            Vector256<float> ai = Vector256.Create(a[p * aStepStride]);
            c00 = Fma.MultiplyAdd(ai, Vector256.Load(b + offset), c00);
            c01 = Fma.MultiplyAdd(ai, Vector256.Load(b + offset + 8), c01);
            c10 = Fma.MultiplyAdd(ai, Vector256.Load(b1 + offset), c10);
            c11 = Fma.MultiplyAdd(ai, Vector256.Load(b1 + offset + 8), c11);
            c20 = Fma.MultiplyAdd(ai, Vector256.Load(b2 + offset), c20);
            c21 = Fma.MultiplyAdd(ai, Vector256.Load(b2 + offset + 8), c21);
            c30 = Fma.MultiplyAdd(ai, Vector256.Load(b3 + offset), c30);
            c31 = Fma.MultiplyAdd(ai, Vector256.Load(b3 + offset + 8), c31);
        }
        UpdateRow(c, c00, c01, 16, alpha, beta, null);
        UpdateRow(c + 16, c10, c11, 16, alpha, beta, null);
        UpdateRow(c + 32, c20, c21, 16, alpha, beta, null);
        UpdateRow(c + 48, c30, c31, 16, alpha, beta, null);
    }

    /// <summary>c[0..columns) = alpha * acc + beta * c, reading c only when beta != 0 (edge: scratch for a short row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void UpdateRow(float* c, Vector256<float> low, Vector256<float> high,
                                         int columns, float alpha, float beta, float* edge)
    {
        if (alpha != 1f) // times 1 is exact
        {
            Vector256<float> alphaV = Vector256.Create(alpha);
            low *= alphaV;
            high *= alphaV;
        }
        if (columns == 16)
        {
            if (beta != 0f)
            {
                Vector256<float> betaV = Vector256.Create(beta);
                low += betaV * Vector256.Load(c);
                high += betaV * Vector256.Load(c + 8);
            }
            low.Store(c);
            high.Store(c + 8);
        }
        else
        {
            low.Store(edge);
            high.Store(edge + 8);
            TileUpdate.Row(c, edge, columns, beta);
        }
    }
}
