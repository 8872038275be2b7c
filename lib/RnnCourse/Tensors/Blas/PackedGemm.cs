namespace RnnCourse.Tensors.Blas;

/// <summary>
/// The blocked GEMM loops around a micro-kernel (the Goto/BLIS scheme) for one rectangle of C:
/// for each block of B columns and each depth block, pack B once; for each MR-row panel, pack A
/// once and sweep it across the packed B panels, so the A panel stays in L1 and B in L2.
/// </summary>
/// <remarks>
/// Packing pays off when a panel is reused; where it is not, the kernel reads the operand in place:
/// B when the rectangle is one row panel (each B element is used once, e.g. m = 1) or B is tiny
/// (<see cref="InPlaceBElements"/>), A when the rectangle is at most <see cref="InPlaceAColumns"/>
/// wide (each A panel meets at most a few B panels), or one B panel wide when A is stored transposed.
/// A stored transposed is otherwise packed a block of rows at a time
/// (<see cref="GemmPacking.PackATransposedBlock"/>), so each stored row is read left to right.
/// Packing never changes a sum, only where its operands are read from.
/// </remarks>
internal static unsafe class PackedGemm
{
    /// <summary>Rectangles this narrow read A in place instead of packing it.</summary>
    public const int InPlaceAColumns = 128;

    /// <summary>A stored (k, n) B this small (32 KiB, L1-sized) is read in place: packing would cost more than it saves.</summary>
    public const long InPlaceBElements = 8 * 1024;

    /// <summary>Computes rows [row0, row0 + rows) x columns [col0, col0 + columns) of C.</summary>
    public static void Multiply<TKernel>(in GemmOperands op, int row0, int rows, int col0, int columns, GemmScratch scratch)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int depthBlocks = GemmBlocking.DepthBlocks(op.K);
        int blockColumns = GemmBlocking.BlockColumns / nr * nr;
        bool bInPlace = !op.TransB && !op.AlwaysPack && (rows <= mr || (long)op.K * columns <= InPlaceBElements);
        // Stored transposed, A in place is read a whole stored row apart at every step p; that pays only
        // when each A element is used once (one B panel).
        bool aInPlace = !op.AlwaysPack && columns <= (op.TransA ? nr : InPlaceAColumns);
        // Element (i, p) of an A panel is at a[i * aRowStride + p * aStepStride].
        nint aRowStride = !aInPlace ? 1 : op.TransA ? 1 : op.Lda;
        nint aStepStride = !aInPlace ? mr : op.TransA ? op.Lda : 1;
        // A stored (k, m) is packed a block of rows at a time, reading each stored row left to right.
        bool aBlock = !aInPlace && op.TransA;
        int blockRows = aBlock ? GemmScratch.ABlockRows / mr * mr : rows;

        for (int jc = col0; jc < col0 + columns; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, col0 + columns - jc);
            int inPlaceColumns = bInPlace ? nc / nr * nr : 0;
            for (int block = 0; block < depthBlocks; block++)
            {
                int pc = GemmBlocking.DepthStart(op.K, depthBlocks, block);
                int kc = GemmBlocking.DepthStart(op.K, depthBlocks, block + 1) - pc;
                // The first depth block applies beta; later blocks add to what is already in C.
                float beta = block == 0 ? op.Beta : 1f;
                // Packed B panels start at scratch.B (in place, only the last partial panel is packed).
                GemmPacking.PackBBlock(op.B, op.Ldb, op.TransB, pc, kc, jc + inPlaceColumns, nc - inPlaceColumns,
                                       nr, scratch.B);

                for (int ic = 0; ic < rows; ic += blockRows)
                {
                    int mc = Math.Min(blockRows, rows - ic);
                    if (aBlock) GemmPacking.PackATransposedBlock(op.A, op.Lda, row0 + ic, mc, pc, kc, mr, scratch.ABlock);
                    for (int ir = ic; ir < ic + mc; ir += mr)
                    {
                        int mrHere = Math.Min(mr, ic + mc - ir);
                        float* aPanel = aBlock ? scratch.ABlock + (ir - ic) * kc : APanel(op, aInPlace, row0 + ir, mrHere, pc, kc, mr, scratch);
                        float* cRow = op.C + ((row0 + ir) * op.Ldc + jc);
                        if (mrHere == 1)
                        {
                            MultiplySingleRow<TKernel>(op, aPanel, aStepStride, scratch.B, pc, kc, jc, nc, inPlaceColumns, cRow, beta);
                            continue;
                        }
                        int jr = 0;
                        for (; jr < inPlaceColumns; jr += nr)
                            TKernel.Multiply(aPanel, aRowStride, aStepStride, op.B + (pc * op.Ldb + jc + jr), op.Ldb, kc,
                                             cRow + jr, op.Ldc, mrHere, nr, op.Alpha, beta);
                        for (float* packed = scratch.B; jr < nc; jr += nr, packed += nr * kc)
                            TKernel.Multiply(aPanel, aRowStride, aStepStride, packed, nr, kc,
                                             cRow + jr, op.Ldc, mrHere, Math.Min(nr, nc - jr), op.Alpha, beta);
                    }
                }
            }
        }
    }

    /// <summary>A one-row panel: groups of B panels per kernel call, so the row has enough independent sums.</summary>
    private static void MultiplySingleRow<TKernel>(in GemmOperands op, float* a, nint aStepStride, float* packed,
                                                   int pc, int kc, int jc, int nc, int inPlaceColumns, float* cRow, float beta)
        where TKernel : struct, IMicroKernel
    {
        int nr = TKernel.Columns, wide = TKernel.RowPanels * nr;
        float* b = op.B + (pc * op.Ldb + jc);
        int jr = 0;
        for (; jr + wide <= inPlaceColumns; jr += wide)
            TKernel.MultiplyRow(a, aStepStride, b + jr, op.Ldb, nr, kc, cRow + jr, op.Alpha, beta);
        for (; jr < inPlaceColumns; jr += nr)
            TKernel.Multiply(a, 0, aStepStride, b + jr, op.Ldb, kc, cRow + jr, 0, 1, nr, op.Alpha, beta);
        for (; jr + wide <= nc; jr += wide, packed += wide * kc)
            TKernel.MultiplyRow(a, aStepStride, packed, nr, nr * kc, kc, cRow + jr, op.Alpha, beta);
        for (; jr < nc; jr += nr, packed += nr * kc)
            TKernel.Multiply(a, 0, aStepStride, packed, nr, kc, cRow + jr, 0, 1, Math.Min(nr, nc - jr), op.Alpha, beta);
    }

    /// <summary>
    /// Rows [row0, row0 + rows) x columns [col0, col0 + columns) of C with B already packed: the same
    /// sums in the same order as <see cref="Multiply{TKernel}"/>, minus the packing of B. col0 must be
    /// a multiple of the panel width; op.B is not read.
    /// </summary>
    public static void MultiplyPrepacked<TKernel>(in GemmOperands op, PackedMatrix packed, int row0, int rows, int col0, int columns,
                                                  GemmScratch scratch)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int depthBlocks = GemmBlocking.DepthBlocks(op.K);
        int blockColumns = GemmBlocking.BlockColumns / nr * nr;
        bool aInPlace = columns <= InPlaceAColumns;
        nint aRowStride = !aInPlace ? 1 : op.TransA ? 1 : op.Lda;
        nint aStepStride = !aInPlace ? mr : op.TransA ? op.Lda : 1;

        for (int jc = col0; jc < col0 + columns; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, col0 + columns - jc);
            for (int block = 0; block < depthBlocks; block++)
            {
                int pc = GemmBlocking.DepthStart(op.K, depthBlocks, block);
                int kc = GemmBlocking.DepthStart(op.K, depthBlocks, block + 1) - pc;
                float beta = block == 0 ? op.Beta : 1f;
                float* firstPanel = packed.Panel(pc, kc, jc / nr);
                for (int ir = 0; ir < rows; ir += mr)
                {
                    int mrHere = Math.Min(mr, rows - ir);
                    float* aPanel = APanel(op, aInPlace, row0 + ir, mrHere, pc, kc, mr, scratch);
                    float* cRow = op.C + ((row0 + ir) * op.Ldc + jc);
                    float* panel = firstPanel;
                    for (int jr = 0; jr < nc; jr += nr, panel += nr * kc)
                        TKernel.Multiply(aPanel, aRowStride, aStepStride, panel, nr, kc,
                                         cRow + jr, op.Ldc, mrHere, Math.Min(nr, nc - jr), op.Alpha, beta);
                }
            }
        }
    }

    /// <summary>The A micro-panel for rows [row, row + rows) and depth [pc, pc + kc): A itself when read in place, else packed into scratch.</summary>
    private static float* APanel(in GemmOperands op, bool inPlace, int row, int rows, int pc, int kc, int panelRows, GemmScratch scratch)
    {
        if (inPlace) return op.A + (op.TransA ? pc * op.Lda + row : row * op.Lda + pc);
        GemmPacking.PackAPanel(op.A, op.Lda, op.TransA, row, rows, pc, kc, panelRows, scratch.A);
        return scratch.A;
    }
}
