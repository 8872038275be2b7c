namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The blocked GEMM loops around a micro-kernel (the Goto/BLIS scheme) for one rectangle of C:
/// for each block of B columns and each depth block, pack B once; for each MR-row panel, pack A
/// once and sweep it across the packed B panels, so the A panel stays in L1 and B in L2.
/// </summary>
internal static unsafe class PackedGemm
{
    /// <summary>Computes rows [row0, row0 + rows) x columns [col0, col0 + columns) of C.</summary>
    public static void Multiply<TKernel>(in GemmOperands op, int row0, int rows, int col0, int columns, GemmScratch scratch)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int depthBlocks = GemmBlocking.DepthBlocks(op.K);
        int blockColumns = GemmBlocking.BlockColumns / nr * nr;

        for (int jc = col0; jc < col0 + columns; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, col0 + columns - jc);
            for (int block = 0; block < depthBlocks; block++)
            {
                int pc = GemmBlocking.DepthStart(op.K, depthBlocks, block);
                int kc = GemmBlocking.DepthStart(op.K, depthBlocks, block + 1) - pc;
                // The first depth block applies beta; later blocks add to what is already in C.
                float beta = block == 0 ? op.Beta : 1f;
                GemmPacking.PackBBlock(op.B, op.Ldb, op.TransB, pc, kc, jc, nc, nr, scratch.B);

                for (int ir = 0; ir < rows; ir += mr)
                {
                    int mrHere = Math.Min(mr, rows - ir);
                    GemmPacking.PackAPanel(op.A, op.Lda, op.TransA, row0 + ir, mrHere, pc, kc, mr, scratch.A);
                    float* cRow = op.C + ((row0 + ir) * op.Ldc + jc);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        TKernel.Multiply(scratch.A, scratch.B + jr * kc, nr, kc,
                                         cRow + jr, op.Ldc, mrHere, Math.Min(nr, nc - jr), op.Alpha, beta);
                    }
                }
            }
        }
    }
}
