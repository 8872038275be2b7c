namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The portable micro-kernel for machines without AVX2/AVX-512 FMA: a 4 x 4 tile of C in 16 scalar
/// sums, each updated with MathF.FusedMultiplyAdd so that its chain rounds exactly like the vector
/// kernels' (bit-identical results on every machine).
/// </summary>
internal readonly struct ScalarMicroKernel : IMicroKernel
{
    public static bool IsSupported => true;
    public static int Rows => 4;
    public static int Columns => 4;

    public static unsafe void Multiply(float* a, nint aRowStride, nint aStepStride, float* b, nint bStride, int kc,
                                       float* c, nint ldc, int rows, int columns, float alpha, float beta)
    {
        // Row i of the A panel: element p at a_i[p * aStepStride]; rows past `rows` repeat row 0.
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + aRowStride : a0;
        float* a2 = rows > 2 ? a1 + aRowStride : a0;
        float* a3 = rows > 3 ? a2 + aRowStride : a0;
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (nint p = 0, q = 0; p < kc; p++, q += aStepStride)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float ai = a0[q];
            c00 = MathF.FusedMultiplyAdd(ai, b0, c00); c01 = MathF.FusedMultiplyAdd(ai, b1, c01);
            c02 = MathF.FusedMultiplyAdd(ai, b2, c02); c03 = MathF.FusedMultiplyAdd(ai, b3, c03);
            ai = a1[q];
            c10 = MathF.FusedMultiplyAdd(ai, b0, c10); c11 = MathF.FusedMultiplyAdd(ai, b1, c11);
            c12 = MathF.FusedMultiplyAdd(ai, b2, c12); c13 = MathF.FusedMultiplyAdd(ai, b3, c13);
            ai = a2[q];
            c20 = MathF.FusedMultiplyAdd(ai, b0, c20); c21 = MathF.FusedMultiplyAdd(ai, b1, c21);
            c22 = MathF.FusedMultiplyAdd(ai, b2, c22); c23 = MathF.FusedMultiplyAdd(ai, b3, c23);
            ai = a3[q];
            c30 = MathF.FusedMultiplyAdd(ai, b0, c30); c31 = MathF.FusedMultiplyAdd(ai, b1, c31);
            c32 = MathF.FusedMultiplyAdd(ai, b2, c32); c33 = MathF.FusedMultiplyAdd(ai, b3, c33);
            b += bStride;
        }

        float* scaled = stackalloc float[4];
        Store(c, alpha, c00, c01, c02, c03, columns, beta, scaled);
        if (rows > 1) Store(c + ldc, alpha, c10, c11, c12, c13, columns, beta, scaled);
        if (rows > 2) Store(c + 2 * ldc, alpha, c20, c21, c22, c23, columns, beta, scaled);
        if (rows > 3) Store(c + 3 * ldc, alpha, c30, c31, c32, c33, columns, beta, scaled);
    }

    public static int RowPanels => 1;

    public static unsafe void MultiplyRow(float* a, nint aStepStride, float* b, nint bStride, nint panelStride, int kc,
                                          float* c, float alpha, float beta)
        => Multiply(a, 0, aStepStride, b, bStride, kc, c, 0, 1, 4, alpha, beta);

    private static unsafe void Store(float* c, float alpha, float s0, float s1, float s2, float s3,
                                     int columns, float beta, float* scaled)
    {
        scaled[0] = alpha * s0; scaled[1] = alpha * s1; scaled[2] = alpha * s2; scaled[3] = alpha * s3;
        TileUpdate.Row(c, scaled, columns, beta);
    }
}
