using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tests.Blas;

/// <summary>Tests that depend on the pool's back-off state: they run alone, so no other GEMM uses the pool meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelWorkerPoolCollection
{
    public const string Name = "KernelWorkerPool";
}

[Collection(KernelWorkerPoolCollection.Name)]
public class KernelWorkerPoolBackOffTests
{
    /// <summary>Two chunks: the helper's sleeps (a preempted core), the caller's waits until the helper has started.</summary>
    private sealed class SlowHelperJob(int callerThread) : IChunkedJob
    {
        private volatile bool _helperStarted;
        public volatile bool HelperRan;

        public void RunChunk(int index)
        {
            if (Environment.CurrentManagedThreadId != callerThread)
            {
                _helperStarted = true;
                HelperRan = true;
                Thread.Sleep(20);
                return;
            }
            var deadline = DateTime.UtcNow.AddMilliseconds(200);
            while (!_helperStarted && DateTime.UtcNow < deadline) Thread.SpinWait(50);
        }
    }

    [Fact]
    public void ThreeSlowCallsInARowKeepTheNextOnTheCallerButOneDoesNot()
    {
        KernelWorkerPool.ResetBackOff();
        int caller = Environment.CurrentManagedThreadId;
        var helped = new List<bool>();
        for (int call = 0; call < 6; call++)
        {
            var job = new SlowHelperJob(caller);
            KernelWorkerPool.Run(job, 2, 2);
            helped.Add(job.HelperRan);
        }
        KernelWorkerPool.ResetBackOff();
        // The first call may wake a sleeping helper (not judged); each later slow call is judged, and the
        // third in a row starts a back-off, so a call that follows it runs on the caller alone.
        int firstAlone = helped.IndexOf(false);
        Assert.True(firstAlone >= 3, $"back-off began too early: helper ran on calls {string.Join(", ", helped)}");
        Assert.True(firstAlone <= 4, $"no back-off after three slow calls: helper ran on calls {string.Join(", ", helped)}");
    }
}
