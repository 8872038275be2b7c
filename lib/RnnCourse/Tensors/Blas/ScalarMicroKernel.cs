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

        // Scale into a local tile first, so that no sum is live across the calls that store it.
        float* scaled = stackalloc float[16];
        scaled[0] = alpha * c00; scaled[1] = alpha * c01; scaled[2] = alpha * c02; scaled[3] = alpha * c03;
        scaled[4] = alpha * c10; scaled[5] = alpha * c11; scaled[6] = alpha * c12; scaled[7] = alpha * c13;
        scaled[8] = alpha * c20; scaled[9] = alpha * c21; scaled[10] = alpha * c22; scaled[11] = alpha * c23;
        scaled[12] = alpha * c30; scaled[13] = alpha * c31; scaled[14] = alpha * c32; scaled[15] = alpha * c33;
        for (int i = 0; i < rows; i++) TileUpdate.Row(c + i * ldc, scaled + 4 * i, columns, beta);
    }

    public static int RowPanels => 1;

    public static unsafe void MultiplyRow(float* a, nint aStepStride, float* b, nint bStride, nint panelStride, int kc,
                                          float* c, float alpha, float beta)
        => Multiply(a, 0, aStepStride, b, bStride, kc, c, 0, 1, 4, alpha, beta);
}
