using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The 128-bit micro-kernel for machines with FMA but neither AVX2 nor AVX-512, chiefly ARM64 (Apple
/// silicon, Graviton) through AdvSimd: an 8 x 8 tile of C in 16 Vector128 accumulators,
/// c[i, :] += a[i, p] * b[p, :].
/// </summary>
internal readonly struct Vector128MicroKernel : IMicroKernel
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated && (AdvSimd.IsSupported || Fma.IsSupported);
    public static int Rows => 8;
    public static int Columns => 8;

    /// <summary>addend + left * right with one rounding, on whichever ISA is present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend)
        => AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(addend, left, right) : Fma.MultiplyAdd(left, right, addend);

    public static unsafe void Multiply(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                       float* c, nint ldc, int rows, int columns, float alpha, float beta)
    {
        // Short edge tiles run a kernel with fewer accumulators; the sums are the same chains.
        if (rows > 4) Tile<EightRows>(a, aRowStride, aStepStride, b, bStride, kc, c, ldc, rows, columns, alpha, beta);
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
        float* a6 = rows > 6 ? a5 + aRowStride : a0;
        float* a7 = rows > 7 ? a6 + aRowStride : a0;
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector128<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector128<float> c60 = default, c61 = default, c70 = default, c71 = default;

        for (nint p = 0, q = 0; p < kc; p++, q += aStepStride)
        {
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4);
            Vector128<float> ai = Vector128.Create(a0[q]);
            c00 = MultiplyAdd(ai, b0, c00); c01 = MultiplyAdd(ai, b1, c01);
            if (TRows.Value > 1)
            {
                ai = Vector128.Create(a1[q]);
                c10 = MultiplyAdd(ai, b0, c10); c11 = MultiplyAdd(ai, b1, c11);
            }
            if (TRows.Value > 2)
            {
                ai = Vector128.Create(a2[q]);
                c20 = MultiplyAdd(ai, b0, c20); c21 = MultiplyAdd(ai, b1, c21);
                ai = Vector128.Create(a3[q]);
                c30 = MultiplyAdd(ai, b0, c30); c31 = MultiplyAdd(ai, b1, c31);
            }
            if (TRows.Value > 4)
            {
                ai = Vector128.Create(a4[q]);
                c40 = MultiplyAdd(ai, b0, c40); c41 = MultiplyAdd(ai, b1, c41);
                ai = Vector128.Create(a5[q]);
                c50 = MultiplyAdd(ai, b0, c50); c51 = MultiplyAdd(ai, b1, c51);
                ai = Vector128.Create(a6[q]);
                c60 = MultiplyAdd(ai, b0, c60); c61 = MultiplyAdd(ai, b1, c61);
                ai = Vector128.Create(a7[q]);
                c70 = MultiplyAdd(ai, b0, c70); c71 = MultiplyAdd(ai, b1, c71);
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

    public static int RowPanels => 4;

    /// <summary>c[0, 0..32) = alpha * sum_p a[0, p] * b[p, 0..32) + beta * c: 8 independent sums, 4 panels of 8 columns.</summary>
    public static unsafe void MultiplyRow(float* a, nint aStepStride, float* b, nint bStride, nint panelStride, int kc,
                                          float* c, float alpha, float beta)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default, c30 = default, c31 = default;
        float* b1 = b + panelStride, b2 = b1 + panelStride, b3 = b2 + panelStride;
        for (nint p = 0, offset = 0; p < kc; p++, offset += bStride)
        {
            Vector128<float> ai = Vector128.Create(a[p * aStepStride]);
            c00 = MultiplyAdd(ai, Vector128.Load(b + offset), c00);
            c01 = MultiplyAdd(ai, Vector128.Load(b + offset + 4), c01);
            c10 = MultiplyAdd(ai, Vector128.Load(b1 + offset), c10);
            c11 = MultiplyAdd(ai, Vector128.Load(b1 + offset + 4), c11);
            c20 = MultiplyAdd(ai, Vector128.Load(b2 + offset), c20);
            c21 = MultiplyAdd(ai, Vector128.Load(b2 + offset + 4), c21);
            c30 = MultiplyAdd(ai, Vector128.Load(b3 + offset), c30);
            c31 = MultiplyAdd(ai, Vector128.Load(b3 + offset + 4), c31);
        }
        UpdateRow(c, c00, c01, 8, alpha, beta, null);
        UpdateRow(c + 8, c10, c11, 8, alpha, beta, null);
        UpdateRow(c + 16, c20, c21, 8, alpha, beta, null);
        UpdateRow(c + 24, c30, c31, 8, alpha, beta, null);
    }

    /// <summary>c[0..columns) = alpha * acc + beta * c, reading c only when beta != 0 (edge: scratch for a short row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void UpdateRow(float* c, Vector128<float> low, Vector128<float> high,
                                         int columns, float alpha, float beta, float* edge)
    {
        Vector128<float> alphaV = Vector128.Create(alpha);
        low *= alphaV;
        high *= alphaV;
        if (columns == 8)
        {
            if (beta != 0f)
            {
                Vector128<float> betaV = Vector128.Create(beta);
                low += betaV * Vector128.Load(c);
                high += betaV * Vector128.Load(c + 4);
            }
            low.Store(c);
            high.Store(c + 4);
        }
        else
        {
            low.Store(edge);
            high.Store(edge + 4);
            TileUpdate.Row(c, edge, columns, beta);
        }
    }
}
