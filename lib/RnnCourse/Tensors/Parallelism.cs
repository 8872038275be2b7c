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
}
