using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The AVX-512 micro-kernel: an 8 x 32 tile of C held in 16 Vector512 accumulators. Each step p
/// loads one row of the B panel (two vectors), broadcasts the 8 values of the A column and issues
/// 16 fused multiply-adds: c[i, :] += a[i, p] * b[p, :]. Edge tiles use fewer rows and, at most 16
/// or 8 columns wide, one Vector512 or one Vector256 per row, so a narrow C (n = 3, a vocabulary of
/// 65) does not pay for 32 columns.
/// </summary>
internal readonly struct Avx512MicroKernel : IMicroKernel
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    public static int Rows => 8;
    public static int Columns => 32;

    public static unsafe void Multiply(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                       float* c, nint ldc, int rows, int columns, float alpha, float beta)
    {
        // Edge tiles run kernels with fewer accumulators; every element's sum is the same chain.
        if (columns > 16)
        {
            if (rows > 4) Tile<EightRows, TwoVectors>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
            else if (rows > 2) Tile<FourRows, TwoVectors>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
            else if (rows == 2) Tile<TwoRows, TwoVectors>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
            else Tile<OneRow, TwoVectors>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
        }
        else if (columns > 8)
        {
            if (rows > 4) Tile<EightRows, OneVector>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
            else Tile<FourRows, OneVector>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
        }
        else
        {
            NarrowTile(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
        }
    }

    /// <summary>Up to 8 rows x (TVectors x 16) columns.</summary>
    private static unsafe void Tile<TRows, TVectors>(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                                     float* c, nint ldc, int rows, int columns, float alpha, float beta)
        where TRows : struct, IRowCount
        where TVectors : struct, IRowCount
    {
        // Row i of the A panel: element p at a_i[p * aStepStride]; rows past `rows` repeat row 0.
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + aRowStride : a0;
        float* a2 = rows > 2 ? a1 + aRowStride : a0;
        float* a3 = rows > 3 ? a2 + aRowStride : a0;
        float* a4 = rows > 4 ? a3 + aRowStride : a0;
        float* a5 = rows > 5 ? a4 + aRowStride : a0;
        float* a6 = rows > 6 ? a5 + aRowStride : a0;
        float* a7 = rows > 7 ? a6 + aRowStride : a0;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;

        // Start fetching the C tile now; it is read (or written) only after the k loop.
        for (int i = 0; i < rows; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + (columns - 1));
        }

        for (nint p = 0, q = 0; p < kc; p++, q += aStepStride)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = TVectors.Value > 1 ? Vector512.Load(b + 16) : default;
            Vector512<float> ai = Vector512.Create(a0[q]);
            c00 = Avx512F.FusedMultiplyAdd(ai, b0, c00);
            if (TVectors.Value > 1) c01 = Avx512F.FusedMultiplyAdd(ai, b1, c01);
            if (TRows.Value > 1)
            {
                ai = Vector512.Create(a1[q]);
                c10 = Avx512F.FusedMultiplyAdd(ai, b0, c10);
                if (TVectors.Value > 1) c11 = Avx512F.FusedMultiplyAdd(ai, b1, c11);
            }
            if (TRows.Value > 2)
            {
                ai = Vector512.Create(a2[q]);
                c20 = Avx512F.FusedMultiplyAdd(ai, b0, c20);
                if (TVectors.Value > 1) c21 = Avx512F.FusedMultiplyAdd(ai, b1, c21);
                ai = Vector512.Create(a3[q]);
                c30 = Avx512F.FusedMultiplyAdd(ai, b0, c30);
                if (TVectors.Value > 1) c31 = Avx512F.FusedMultiplyAdd(ai, b1, c31);
            }
            if (TRows.Value > 4)
            {
                ai = Vector512.Create(a4[q]);
                c40 = Avx512F.FusedMultiplyAdd(ai, b0, c40);
                if (TVectors.Value > 1) c41 = Avx512F.FusedMultiplyAdd(ai, b1, c41);
                ai = Vector512.Create(a5[q]);
                c50 = Avx512F.FusedMultiplyAdd(ai, b0, c50);
                if (TVectors.Value > 1) c51 = Avx512F.FusedMultiplyAdd(ai, b1, c51);
                ai = Vector512.Create(a6[q]);
                c60 = Avx512F.FusedMultiplyAdd(ai, b0, c60);
                if (TVectors.Value > 1) c61 = Avx512F.FusedMultiplyAdd(ai, b1, c61);
                ai = Vector512.Create(a7[q]);
                c70 = Avx512F.FusedMultiplyAdd(ai, b0, c70);
                if (TVectors.Value > 1) c71 = Avx512F.FusedMultiplyAdd(ai, b1, c71);
            }
            b += bStride;
        }

        // No calls from here on: a call would force the JIT to keep the accumulators in memory.
        float* edge = stackalloc float[8];
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
            if (rows > 6) UpdateRow(c + 6 * ldc, c60, c61, columns, alpha, beta, edge);
            if (rows > 7) UpdateRow(c + 7 * ldc, c70, c71, columns, alpha, beta, edge);
        }
    }

    /// <summary>Up to 8 rows x 8 columns in one Vector256 per row (an n &lt;= 8 edge).</summary>
    private static unsafe void NarrowTile(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                          float* c, nint ldc, int rows, int columns, float alpha, float beta)
    {
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + aRowStride : a0;
        float* a2 = rows > 2 ? a1 + aRowStride : a0;
        float* a3 = rows > 3 ? a2 + aRowStride : a0;
        float* a4 = rows > 4 ? a3 + aRowStride : a0;
        float* a5 = rows > 5 ? a4 + aRowStride : a0;
        float* a6 = rows > 6 ? a5 + aRowStride : a0;
        float* a7 = rows > 7 ? a6 + aRowStride : a0;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector256<float> c4 = default, c5 = default, c6 = default, c7 = default;
        for (nint p = 0, q = 0; p < kc; p++, q += aStepStride)
        {
            Vector256<float> bp = Vector256.Load(b);
            c0 = Fma.MultiplyAdd(Vector256.Create(a0[q]), bp, c0);
            c1 = Fma.MultiplyAdd(Vector256.Create(a1[q]), bp, c1);
            c2 = Fma.MultiplyAdd(Vector256.Create(a2[q]), bp, c2);
            c3 = Fma.MultiplyAdd(Vector256.Create(a3[q]), bp, c3);
            c4 = Fma.MultiplyAdd(Vector256.Create(a4[q]), bp, c4);
            c5 = Fma.MultiplyAdd(Vector256.Create(a5[q]), bp, c5);
            c6 = Fma.MultiplyAdd(Vector256.Create(a6[q]), bp, c6);
            c7 = Fma.MultiplyAdd(Vector256.Create(a7[q]), bp, c7);
            b += bStride;
        }
        float* edge = stackalloc float[8];
        Vector256<float> alphaV = Vector256.Create(alpha), none = default;
        UpdatePartial(c, c0 * alphaV, none, columns, beta, edge);
        if (rows > 1) UpdatePartial(c + ldc, c1 * alphaV, none, columns, beta, edge);
        if (rows > 2) UpdatePartial(c + 2 * ldc, c2 * alphaV, none, columns, beta, edge);
        if (rows > 3) UpdatePartial(c + 3 * ldc, c3 * alphaV, none, columns, beta, edge);
        if (rows > 4) UpdatePartial(c + 4 * ldc, c4 * alphaV, none, columns, beta, edge);
        if (rows > 5) UpdatePartial(c + 5 * ldc, c5 * alphaV, none, columns, beta, edge);
        if (rows > 6) UpdatePartial(c + 6 * ldc, c6 * alphaV, none, columns, beta, edge);
        if (rows > 7) UpdatePartial(c + 7 * ldc, c7 * alphaV, none, columns, beta, edge);
    }

    public static int RowPanels => 4;

    /// <summary>c[0, 0..128) = alpha * sum_p a[0, p] * b[p, 0..128) + beta * c: 8 independent sums, 4 panels of 32 columns.</summary>
    public static unsafe void MultiplyRow(float* a, nint aStepStride, float* b, nint bStride, nint panelStride, int kc,
                                          float* c, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        float* b1 = b + panelStride, b2 = b1 + panelStride, b3 = b2 + panelStride;
        for (nint p = 0, offset = 0; p < kc; p++, offset += bStride)
        {
            Vector512<float> ai = Vector512.Create(a[p * aStepStride]);
            c00 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b + offset), c00);
            c01 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b + offset + 16), c01);
            c10 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b1 + offset), c10);
            c11 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b1 + offset + 16), c11);
            c20 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b2 + offset), c20);
            c21 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b2 + offset + 16), c21);
            c30 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b3 + offset), c30);
            c31 = Avx512F.FusedMultiplyAdd(ai, Vector512.Load(b3 + offset + 16), c31);
        }
        UpdateRow(c, c00, c01, 32, alpha, beta, null);
        UpdateRow(c + 32, c10, c11, 32, alpha, beta, null);
        UpdateRow(c + 64, c20, c21, 32, alpha, beta, null);
        UpdateRow(c + 96, c30, c31, 32, alpha, beta, null);
    }

    /// <summary>c[0..columns) = alpha * acc + beta * c, reading c only when beta != 0 (edge: 8 floats of scratch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void UpdateRow(float* c, Vector512<float> low, Vector512<float> high,
                                         int columns, float alpha, float beta, float* edge)
    {
        if (alpha != 1f) // times 1 is exact: skipping it saves 2 of a tile's few non-FMA instructions per row
        {
            Vector512<float> alphaV = Vector512.Create(alpha);
            low *= alphaV;
            high *= alphaV;
        }
        if (columns >= 16)
        {
            if (beta != 0f) low += Vector512.Create(beta) * Vector512.Load(c);
            low.Store(c);
            if (columns == 32)
            {
                if (beta != 0f) high += Vector512.Create(beta) * Vector512.Load(c + 16);
                high.Store(c + 16);
            }
            else
            {
                UpdatePartial(c + 16, high.GetLower(), high.GetUpper(), columns - 16, beta, edge);
            }
        }
        else
        {
            UpdatePartial(c, low.GetLower(), low.GetUpper(), columns, beta, edge);
        }
    }

    /// <summary>
    /// c[0..columns) = scaled + beta * c for columns &lt; 16: whole 8-float vectors, then single floats
    /// through <paramref name="edge"/> (masked stores would be slower on AMD cores).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void UpdatePartial(float* c, Vector256<float> scaledLow, Vector256<float> scaledHigh,
                                             int columns, float beta, float* edge)
    {
        if (columns >= 8)
        {
            if (beta != 0f) scaledLow += Vector256.Create(beta) * Vector256.Load(c);
            scaledLow.Store(c);
            c += 8;
            columns -= 8;
            scaledLow = scaledHigh;
        }
        if (columns == 0) return;
        scaledLow.Store(edge);
        TileUpdate.Row(c, edge, columns, beta);
    }
}
