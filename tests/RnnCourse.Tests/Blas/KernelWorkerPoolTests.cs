using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tests.Blas;

/// <summary>The pool behind the multi-threaded GEMM: every chunk runs exactly once, failures reach the caller.</summary>
public class KernelWorkerPoolTests
{
    private sealed class CountingJob(int chunks, int failAt = -1) : IChunkedJob
    {
        public readonly int[] Runs = new int[chunks];

        public void RunChunk(int index)
        {
            Interlocked.Increment(ref Runs[index]);
            Thread.SpinWait(100);
            if (index == failAt) throw new InvalidOperationException($"chunk {index} failed");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(7, 3)]
    [InlineData(64, 4)]
    public void EveryChunkRunsExactlyOnce(int chunks, int threads)
    {
        for (int call = 0; call < 200; call++)
        {
            var job = new CountingJob(chunks);
            KernelWorkerPool.Run(job, chunks, threads);
            Assert.All(job.Runs, runs => Assert.Equal(1, runs));
        }
    }

    [Fact]
    public void AFailingChunkThrowsOnTheCaller()
    {
        var job = new CountingJob(8, failAt: 5);
        var error = Assert.Throws<InvalidOperationException>(() => KernelWorkerPool.Run(job, 8, 2));
        Assert.Equal("chunk 5 failed", error.Message);
    }
}
