using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Nn;

/// <summary>
/// How the work of one time step (the recurrent GEMM and the gate arithmetic) is cut across threads.
/// By sequences (rows of the batch) while a gated cell's W_hh is small: each chunk is then one product
/// over every gate instead of one small product per gate, and each core reads the whole weight from its
/// caches (an Elman cell has one gate, so a chunk of units is one product already); and since sequences
/// never meet, each chunk runs all its time steps without waiting for the others. By
/// hidden units when W_hh is large: each chunk multiplies by its own slice, so each core streams only
/// part of the weight. On the development machine (2 cores, 1 MiB L2 each) rows were faster for H = 128
/// and 256 (LSTM and GRU, 15-25%), units for the LSTM with H = 512. Either way each element is computed
/// by one thread in the same order, so the result never depends on the split.
/// </summary>
internal readonly record struct StepSplit(int Chunks, bool ByRows, int Batch, int Hidden)
{
    /// <summary>W_hh up to this many floats (2 MiB) is shared by the cores rather than split between them.</summary>
    public const int SharedWeightFloats = 512 * 1024;

    /// <summary>
    /// One chunk when the GEMM cannot run inside chunks (another provider) or one thread is allowed; else one
    /// per thread: by rows when a gated W_hh (gates·H, H) is small and every chunk gets a whole 8-row panel, by units
    /// (as many chunks as keep at least 64 units each) otherwise.
    /// </summary>
    public static StepSplit For(int batch, int hidden, int gates)
    {
        if (!Gemm.CanSplitAcrossThreads) return new(1, false, batch, hidden);
        int threads = Parallelism.MaxThreads;
        if (gates > 1 && (long)gates * hidden * hidden <= SharedWeightFloats && batch >= 8 * threads)
            return new(threads, true, batch, hidden);
        return new(Math.Clamp(hidden / 64, 1, threads), false, batch, hidden);
    }

    /// <summary>Chunk <paramref name="chunk"/>'s rows [Row0, Row0 + Rows) and units [Unit0, Unit0 + Units).</summary>
    public (int Row0, int Rows, int Unit0, int Units) Part(int chunk)
    {
        if (ByRows)
        {
            var (row0, rows) = Range(chunk, Batch, 8);
            return (row0, rows, 0, Hidden);
        }
        var (unit0, units) = Range(chunk, Hidden, 32);
        return (0, Batch, unit0, units);
    }

    /// <summary>Whether a chunk may hold only some of the units (then they start on whole 32-column panels).</summary>
    public bool SplitsUnits => Chunks > 1 && !ByRows;

    /// <summary>[start, start + count) of <paramref name="extent"/>, cut at multiples of <paramref name="grain"/> (whole GEMM panels and vectors).</summary>
    private (int Start, int Count) Range(int chunk, int extent, int grain)
    {
        int blocks = (extent + grain - 1) / grain;
        int start = Math.Min(extent, blocks * chunk / Chunks * grain), end = Math.Min(extent, blocks * (chunk + 1) / Chunks * grain);
        return (start, end - start);
    }
}
