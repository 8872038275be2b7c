using RnnCourse.Tensors;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Runs code with <see cref="Parallelism.MaxThreads"/> set, then restores it. Results must not depend on the
/// thread count, so tests running meanwhile may see either setting.
/// </summary>
public static class Threads
{
    public static T With<T>(int threads, Func<T> run)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            return run();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
