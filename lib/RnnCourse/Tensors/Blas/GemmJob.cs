namespace RnnCourse.Tensors.Blas;

/// <summary>One multi-threaded GEMM call: chunk i computes one band of rows or columns of C.</summary>
internal sealed class GemmJob<TKernel> : IChunkedJob where TKernel : struct, IMicroKernel
{
    [ThreadStatic] private static GemmJob<TKernel>? t_spare;

    private GemmOperands _op;
    private GemmSplit _split;

    /// <summary>A job object reused per calling thread, so a call allocates nothing.</summary>
    public static GemmJob<TKernel> Rent(in GemmOperands op, GemmSplit split)
    {
        var job = t_spare ?? new GemmJob<TKernel>();
        t_spare = null;
        job._op = op;
        job._split = split;
        return job;
    }

    public void Return()
    {
        _op = default;
        t_spare = this;
    }

    public void RunChunk(int index)
    {
        if (_split.ByColumns)
        {
            int start = _split.Start(index, _op.N), end = _split.Start(index + 1, _op.N);
            PackedGemm.Multiply<TKernel>(_op, 0, _op.M, start, end - start, GemmScratch.Current);
        }
        else
        {
            int start = _split.Start(index, _op.M), end = _split.Start(index + 1, _op.M);
            PackedGemm.Multiply<TKernel>(_op, start, end - start, 0, _op.N, GemmScratch.Current);
        }
    }
}
