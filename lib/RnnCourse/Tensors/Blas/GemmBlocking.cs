namespace RnnCourse.Tensors.Blas;

/// <summary>
/// Cache blocking shared by every managed kernel. The split of k into blocks depends on k alone, so
/// every element of C sums its products in the same order whatever the kernel or thread count.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Largest depth per block: an 8 x 256 A panel (8 KiB) stays in L1 while B streams from L2.</summary>
    public const int MaxDepth = 256;

    /// <summary>Columns of B packed at once: a 256 x 512 block is 512 KiB, inside a 1 MiB L2.</summary>
    public const int BlockColumns = 512;

    /// <summary>How many depth blocks k is cut into: ceil(k / MaxDepth), of near-equal sizes.</summary>
    public static int DepthBlocks(int k) => (k + MaxDepth - 1) / MaxDepth;

    /// <summary>Start of depth block <paramref name="index"/> of <paramref name="count"/> over k.</summary>
    public static int DepthStart(int k, int count, int index) => (int)((long)k * index / count);
}
