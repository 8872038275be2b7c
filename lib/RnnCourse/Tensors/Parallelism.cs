namespace RnnCourse.Tensors;

/// <summary>
/// How many threads the library's kernels may use (as torch.set_num_threads). The default is the
/// environment variable RNN_COURSE_THREADS, else every core.
/// </summary>
public static class Parallelism
{
    public const string ThreadsVariable = "RNN_COURSE_THREADS";

    private static int _maxThreads = FromEnvironment();

    /// <summary>The number of threads kernels may use; at least 1.</summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
            _maxThreads = value;
        }
    }

    private static int FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text)) return Environment.ProcessorCount;
        if (int.TryParse(text, out int n) && n >= 1) return n;
        throw new InvalidOperationException(
            $"{ThreadsVariable}='{text}' is not a positive whole number; unset it or give the thread count, e.g. 2.");
    }

    /// <summary>
    /// Runs body(0) … body(chunks − 1) on up to <see cref="MaxThreads"/> threads (the caller included),
    /// on the kernels' persistent worker pool; returns when all are done. Chunks must be independent.
    /// </summary>
    internal static void For(int chunks, Action<int> body)
    {
        if (chunks <= 1)
        {
            for (int i = 0; i < chunks; i++) body(i);
            return;
        }
        Blas.KernelWorkerPool.Run(new DelegateJob(body), chunks, MaxThreads);
    }

    /// <summary>Below this much work (items × cost per item, in element operations) a loop stays on the caller: waking a helper costs more.</summary>
    internal const long MinParallelWork = 32 * 1024;

    /// <summary>
    /// Cuts [0, count) into up to <see cref="MaxThreads"/> contiguous ranges and runs body(start, end) on each,
    /// in parallel when count · costPerItem reaches <see cref="MinParallelWork"/>. Each item must be
    /// independent of the others, so the result never depends on the cut.
    /// </summary>
    internal static void ForRanges(int count, long costPerItem, Action<int, int> body)
    {
        long ranges = Math.Min(Math.Min(MaxThreads, count), (long)count * costPerItem / MinParallelWork);
        if (ranges <= 1)
        {
            if (count > 0) body(0, count);
            return;
        }
        int chunks = (int)ranges;
        For(chunks, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
    }

    private sealed class DelegateJob(Action<int> body) : Blas.IChunkedJob
    {
        public void RunChunk(int index) => body(index);
    }
}
