namespace RnnCourse.Tests.Blas;

/// <summary>
/// The shapes every GEMM provider is checked on. All 343,000 (m, n, k) in 1..70 times four
/// transposes would take minutes, so the sweep covers every m and n with a few depths, every k with a
/// few (m, n) chosen to land on full and partial tiles of every kernel (8x32, 6x16, 4x4), and a few
/// large odd shapes that cross the cache-blocking sizes.
/// </summary>
public static class GemmSweeps
{
    private static readonly (bool TransA, bool TransB)[] Transposes = [(false, false), (true, false), (false, true), (true, true)];
    private static readonly (float Alpha, float Beta)[] Scalars = [(1f, 0f), (0.75f, -1.5f), (-2f, 1f), (1f, 0.5f)];
    private static readonly int[] FewDepths = [1, 2, 5, 11, 17];
    private static readonly (int M, int N)[] FewSizes = [(1, 1), (1, 40), (7, 3), (9, 33), (17, 65), (67, 45)];

    /// <summary>Every (m, n) in 1..70 under each transpose; k, alpha/beta and paddings vary with the cell.</summary>
    public static IEnumerable<GemmCase> EveryRowAndColumnCount()
    {
        int cell = 0;
        foreach (var (transA, transB) in Transposes)
            for (int m = 1; m <= 70; m++)
                for (int n = 1; n <= 70; n++, cell++)
                    yield return Case(transA, transB, m, n, FewDepths[cell % FewDepths.Length], cell);
    }

    /// <summary>Every k in 1..70 under each transpose, with a few (m, n).</summary>
    public static IEnumerable<GemmCase> EveryDepth()
    {
        int cell = 0;
        foreach (var (transA, transB) in Transposes)
            for (int k = 1; k <= 70; k++)
                foreach (var (m, n) in FewSizes)
                    yield return Case(transA, transB, m, n, k, cell++);
    }

    /// <summary>Shapes over the blocking sizes (k > 256 gives several depth blocks, n > 512 several column blocks).</summary>
    public static IEnumerable<GemmCase> LargeOddShapes()
    {
        (int M, int N, int K)[] shapes =
        [
            (257, 513, 129), (1000, 3, 777), (3, 1000, 777), (1, 2048, 300), (2048, 1, 300),
            (33, 1100, 20), (70, 70, 600), (50, 512, 128), (129, 65, 257), (1, 1000, 50), (9, 300, 40), (1100, 70, 300),
        ];
        int cell = 0;
        foreach (var (m, n, k) in shapes)
            foreach (var (transA, transB) in Transposes)
                yield return Case(transA, transB, m, n, k, cell++);
    }

    private static GemmCase Case(bool transA, bool transB, int m, int n, int k, int cell)
    {
        var (alpha, beta) = Scalars[cell / 3 % Scalars.Length];
        int pad = cell % 3 == 0 ? 0 : cell % 3 == 1 ? 1 : 5;
        return new GemmCase(transA, transB, m, n, k, alpha, beta, pad, (pad * 3) % 7, pad == 0 ? 0 : 2);
    }
}
