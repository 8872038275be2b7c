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
        var woke = new List<bool>();
        for (int call = 0; call < 8; call++)
        {
            var job = new SlowHelperJob(caller);
            KernelWorkerPool.Run(job, 2, 2);
            helped.Add(job.HelperRan);
            woke.Add(job.HelperRan && KernelWorkerPool.LastCallWokeHelper);
        }
        KernelWorkerPool.ResetBackOff();
        // A call that had to wake a sleeping helper is not judged (the first one usually does; a loaded
        // machine can put the helper to sleep between calls too). Each other slow call is judged, and the
        // third in a row starts a back-off: the call after it runs on the caller alone, none before it does.
        string calls = $"helper ran on calls {string.Join(", ", helped)}; woken on {string.Join(", ", woke)}";
        int judged = 0, thirdJudged = -1;
        for (int call = 0; call < helped.Count && thirdJudged < 0; call++)
            if (helped[call] && !woke[call] && ++judged == 3) thirdJudged = call;
        Assert.True(thirdJudged >= 0, $"fewer than three judged calls: {calls}");
        int firstAlone = helped.IndexOf(false);
        Assert.True(firstAlone > thirdJudged, $"back-off began before three slow calls: {calls}");
        Assert.True(firstAlone == thirdJudged + 1, $"no back-off right after three slow calls: {calls}");
    }
}
