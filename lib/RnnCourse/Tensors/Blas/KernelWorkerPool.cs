using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// A small persistent thread pool for kernels called thousands of times per second. The caller runs
/// chunks itself and helpers claim the rest from a shared counter, so a helper that wakes late costs
/// nothing: the caller simply takes its chunk. Helpers spin briefly after each job, which makes the
/// back-to-back calls of a training step cheap, then sleep. One job at a time: a caller that finds
/// the pool busy (another thread is using it) runs its chunks alone.
/// </summary>
/// <remarks>
/// On a machine whose other cores are busy, the OS may preempt a helper in the middle of its chunk
/// and the caller then waits a whole time slice (milliseconds) for a job of microseconds. Each call
/// is therefore judged by <see cref="HelperBackOff"/>, which keeps jobs on the caller for a while
/// after three calls in a row were slower together than the caller alone. A call that had to wake a
/// sleeping helper is not judged: the wake-up is late once by design. Which thread runs a chunk never
/// changes the result.
/// </remarks>
internal static class KernelWorkerPool
{
    /// <summary>How long an idle helper keeps polling before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 microseconds

    /// <summary>The back-off every call consults and every judged call updates.</summary>
    internal static HelperBackOff BackOff { get; } = new(Stopwatch.Frequency / 1000);

    private static readonly object Gate = new();
    private static Helper[] _helpers = [];
    private static IChunkedJob? _job;
    private static int _chunkCount, _nextChunk;
    private static Exception? _failure;

    /// <summary>Runs every chunk of the job on up to <paramref name="threads"/> threads (the caller included).</summary>
    public static void Run(IChunkedJob job, int chunkCount, int threads)
    {
        int helperCount = Math.Min(threads, chunkCount) - 1;
        if (helperCount <= 0 || BackOff.KeepsCallerAlone(Stopwatch.GetTimestamp()) || !Monitor.TryEnter(Gate))
        {
            for (int i = 0; i < chunkCount; i++) job.RunChunk(i);
            return;
        }
        try
        {
            EnsureHelpers(helperCount);
            _job = job;
            _chunkCount = chunkCount;
            _nextChunk = 0;
            _failure = null;
            long start = Stopwatch.GetTimestamp();
            bool woken = false;
            for (int h = 0; h < helperCount; h++) woken |= _helpers[h].Offer();
            int ownChunks = RunChunks();
            long ownEnd = Stopwatch.GetTimestamp();
            for (int h = 0; h < helperCount; h++) _helpers[h].Withdraw();
            // A helper woken from sleep starts late once; that says nothing about how busy its core is
            // (judging it would keep a back-off going forever: helpers fall asleep during every back-off).
            if (!woken) BackOff.Judge(start, ownEnd, Stopwatch.GetTimestamp(), ownChunks, chunkCount);
            _job = null;
            if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>Claims and runs chunks until none is left (called by the caller and by each helper); returns how many it ran.</summary>
    private static int RunChunks()
    {
        IChunkedJob job = _job!;
        int index, ran = 0;
        while ((index = Interlocked.Increment(ref _nextChunk) - 1) < _chunkCount)
        {
            try { job.RunChunk(index); }
            catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
            ran++;
        }
        return ran;
    }

    private static void EnsureHelpers(int count)
    {
        if (_helpers.Length >= count) return;
        var grown = new Helper[count];
        Array.Copy(_helpers, grown, _helpers.Length);
        for (int i = _helpers.Length; i < count; i++) grown[i] = new Helper(i);
        _helpers = grown;
    }

    /// <summary>One background thread. State: Idle -> Offered (by the caller) -> Running (by the helper) -> Idle.</summary>
    private sealed class Helper
    {
        private const int Idle = 0, Offered = 1, Running = 2;
        private int _state, _sleeping;
        private readonly SemaphoreSlim _wake = new(0);

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"RnnCourse kernel helper {index + 1}" };
            thread.Start();
        }

        /// <summary>Offers the current job; true when the helper was asleep and had to be woken.</summary>
        public bool Offer()
        {
            Interlocked.Exchange(ref _state, Offered);
            if (Volatile.Read(ref _sleeping) != 1) return false;
            _wake.Release();
            return true;
        }

        /// <summary>Takes the offer back if the helper has not started; otherwise waits until it finishes.</summary>
        public void Withdraw()
        {
            if (Interlocked.CompareExchange(ref _state, Idle, Offered) == Offered) return;
            var spin = new SpinWait();
            while (Volatile.Read(ref _state) != Idle) spin.SpinOnce(sleep1Threshold: -1);
        }

        private void Loop()
        {
            while (true)
            {
                // Poll for the next offer; yield the core while polling so that on a busy machine the
                // caller (or anyone else) runs instead of this loop.
                long deadline = Stopwatch.GetTimestamp() + SpinTicks;
                while (Volatile.Read(ref _state) != Offered && Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(20);
                    if (Volatile.Read(ref _state) != Offered) Thread.Yield();
                }
                if (Volatile.Read(ref _state) != Offered)
                {
                    // Announce the sleep, then look once more: Offer either sees the flag or we see its state.
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _state) != Offered) _wake.Wait();
                    Interlocked.Exchange(ref _sleeping, 0);
                    continue;
                }
                if (Interlocked.CompareExchange(ref _state, Running, Offered) != Offered) continue;
                RunChunks();
                Volatile.Write(ref _state, Idle);
            }
        }
    }
}
