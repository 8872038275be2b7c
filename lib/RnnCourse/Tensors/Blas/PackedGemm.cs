namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The blocked GEMM loops around a micro-kernel (the Goto/BLIS scheme) for one rectangle of C:
/// for each block of B columns and each depth block, pack B once; for each MR-row panel, pack A
/// once and sweep it across the packed B panels, so the A panel stays in L1 and B in L2.
/// </summary>
internal static unsafe class PackedGemm
{
    /// <summary>
    /// Computes rows [row0, row0 + rows) x columns [col0, col0 + columns) of C. When the rectangle is a
    /// single row panel and B is stored (k, n), each B element is used once, so whole B panels are read
    /// in place (stride ldb) instead of being copied first: skinny products such as m = 1 become one
    /// pass over B.
    /// </summary>
    public static void Multiply<TKernel>(in GemmOperands op, int row0, int rows, int col0, int columns, GemmScratch scratch)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int depthBlocks = GemmBlocking.DepthBlocks(op.K);
        int blockColumns = GemmBlocking.BlockColumns / nr * nr;
        bool bInPlace = !op.TransB && rows <= mr;

        for (int jc = col0; jc < col0 + columns; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, col0 + columns - jc);
            int fullPanelColumns = bInPlace ? nc / nr * nr : 0;
            for (int block = 0; block < depthBlocks; block++)
            {
                int pc = GemmBlocking.DepthStart(op.K, depthBlocks, block);
                int kc = GemmBlocking.DepthStart(op.K, depthBlocks, block + 1) - pc;
                // The first depth block applies beta; later blocks add to what is already in C.
                float beta = block == 0 ? op.Beta : 1f;
                // Packed panels start at scratch.B; in place, only the last partial panel is copied there.
                GemmPacking.PackBBlock(op.B, op.Ldb, op.TransB, pc, kc, jc + fullPanelColumns, nc - fullPanelColumns,
                                       nr, scratch.B);

                for (int ir = 0; ir < rows; ir += mr)
                {
                    int mrHere = Math.Min(mr, rows - ir);
                    GemmPacking.PackAPanel(op.A, op.Lda, op.TransA, row0 + ir, mrHere, pc, kc, mr, scratch.A);
                    float* cRow = op.C + ((row0 + ir) * op.Ldc + jc);
                    if (mrHere == 1)
                    {
                        MultiplySingleRow<TKernel>(op, scratch, pc, kc, jc, nc, fullPanelColumns, cRow, beta);
                        continue;
                    }
                    int jr = 0;
                    for (; jr < fullPanelColumns; jr += nr)
                        TKernel.Multiply(scratch.A, op.B + (pc * op.Ldb + jc + jr), op.Ldb, kc,
                                         cRow + jr, op.Ldc, mrHere, nr, op.Alpha, beta);
                    for (; jr < nc; jr += nr)
                        TKernel.Multiply(scratch.A, scratch.B + (jr - fullPanelColumns) * kc, nr, kc,
                                         cRow + jr, op.Ldc, mrHere, Math.Min(nr, nc - jr), op.Alpha, beta);
                }
            }
        }
    }

    /// <summary>A one-row panel: groups of B panels per kernel call, so the row has enough independent sums.</summary>
    private static void MultiplySingleRow<TKernel>(in GemmOperands op, GemmScratch scratch, int pc, int kc, int jc, int nc,
                                                   int fullPanelColumns, float* cRow, float beta)
        where TKernel : struct, IMicroKernel
    {
        int nr = TKernel.Columns, wide = TKernel.RowPanels * nr;
        float* a = scratch.A, b = op.B + (pc * op.Ldb + jc);
        int jr = 0;
        for (; jr + wide <= fullPanelColumns; jr += wide)
            TKernel.MultiplyRow(a, b + jr, op.Ldb, nr, kc, cRow + jr, op.Alpha, beta);
        for (; jr < fullPanelColumns; jr += nr)
            TKernel.Multiply(a, b + jr, op.Ldb, kc, cRow + jr, 0, 1, nr, op.Alpha, beta);
        float* packed = scratch.B;
        for (; jr + wide <= nc; jr += wide, packed += wide * kc)
            TKernel.MultiplyRow(a, packed, nr, nr * kc, kc, cRow + jr, op.Alpha, beta);
        for (; jr < nc; jr += nr, packed += nr * kc)
            TKernel.Multiply(a, packed, nr, kc, cRow + jr, 0, 1, Math.Min(nr, nc - jr), op.Alpha, beta);
    }
}
