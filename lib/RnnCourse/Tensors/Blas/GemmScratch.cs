using System.Runtime.CompilerServices;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// Per-thread packing buffers, allocated once on the pinned heap and 64-byte aligned, so repeated
/// GEMM calls allocate nothing and the GC never moves what the kernels point at.
/// </summary>
internal sealed unsafe class GemmScratch
{
    private const int WidestPanel = 32, TallestPanel = 8, Alignment = 64;

    [ThreadStatic] private static GemmScratch? t_current;

    private readonly float[] _aStorage, _aBlockStorage, _bStorage;

    /// <summary>One packed A micro-panel (TallestPanel x MaxDepth).</summary>
    public readonly float* A;

    /// <summary>Rows of A packed together when A is stored transposed (see <see cref="GemmPacking.PackATransposedBlock"/>).</summary>
    public const int ABlockRows = 512;

    /// <summary>A block of packed A micro-panels (ABlockRows x MaxDepth).</summary>
    public readonly float* ABlock;

    /// <summary>One packed B block (MaxDepth x BlockColumns, whole panels).</summary>
    public readonly float* B;

    private GemmScratch()
    {
        A = Allocate(TallestPanel * GemmBlocking.MaxDepth, out _aStorage);
        ABlock = Allocate(ABlockRows * GemmBlocking.MaxDepth, out _aBlockStorage);
        int blockColumns = (GemmBlocking.BlockColumns + WidestPanel - 1) / WidestPanel * WidestPanel;
        B = Allocate(GemmBlocking.MaxDepth * blockColumns, out _bStorage);
    }

    /// <summary>The calling thread's buffers.</summary>
    public static GemmScratch Current => t_current ??= new GemmScratch();

    private static float* Allocate(int length, out float[] storage)
    {
        // Zeroed, so the stale lanes of edge panels (see GemmPacking) always hold ordinary numbers.
        storage = GC.AllocateArray<float>(length + Alignment / sizeof(float), pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref storage[0]);
        return (float*)((start + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
