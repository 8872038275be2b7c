using System.Runtime.CompilerServices;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// op(B) (k, n) packed once into the managed kernel's micro-panels, for a weight that multiplies many
/// small products in a row (the recurrent weight at every time step). Products with it skip packing B
/// and give the same bits as an unpacked call. Dispose returns the buffer for the next packing.
/// </summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    private const int Alignment = 64;
    [ThreadStatic] private static Stack<float[]>? t_spare;

    private float[]? _storage;

    internal PackedMatrix(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb, int panelColumns)
    {
        Gemm.CheckArguments(false, transB, 1, n, k, k, k, b.Length, ldb, n, n);
        K = k;
        N = n;
        PanelColumns = panelColumns;
        int panels = (n + panelColumns - 1) / panelColumns;
        long length = (long)panels * panelColumns * k + Alignment / sizeof(float);
        _storage = Rent((int)length);
        nint start = (nint)Unsafe.AsPointer(ref _storage[0]);
        Base = (float*)((start + Alignment - 1) & ~(nint)(Alignment - 1));
        int depthBlocks = GemmBlocking.DepthBlocks(k);
        fixed (float* pb = b)
            for (int block = 0; block < depthBlocks; block++)
            {
                int pc = GemmBlocking.DepthStart(k, depthBlocks, block);
                int kc = GemmBlocking.DepthStart(k, depthBlocks, block + 1) - pc;
                GemmPacking.PackBBlock(pb, ldb, transB, pc, kc, 0, n, panelColumns, Base + (long)pc * panels * panelColumns);
            }
    }

    /// <summary>The depth (rows of op(B)).</summary>
    public int K { get; }

    /// <summary>The columns of op(B).</summary>
    public int N { get; }

    internal int PanelColumns { get; }

    /// <summary>Depth block starting at row pc: panels of kc × PanelColumns, one after another.</summary>
    internal float* Base { get; }

    /// <summary>Panel j of the depth block that starts at pc (kc rows deep).</summary>
    internal float* Panel(int pc, int kc, int j)
    {
        ObjectDisposedException.ThrowIf(_storage is null, this);
        int panels = (N + PanelColumns - 1) / PanelColumns;
        return Base + (long)pc * panels * PanelColumns + (long)j * PanelColumns * kc;
    }

    private static float[] Rent(int length)
    {
        if (t_spare is { } spare)
            while (spare.TryPop(out float[]? array))
                if (array.Length >= length) return array;
        return GC.AllocateUninitializedArray<float>(length, pinned: true);
    }

    public void Dispose()
    {
        if (_storage is null) return;
        (t_spare ??= new Stack<float[]>()).Push(_storage);
        if (t_spare.Count > 16) t_spare = new Stack<float[]>(t_spare.Take(16));
        _storage = null;
    }
}
