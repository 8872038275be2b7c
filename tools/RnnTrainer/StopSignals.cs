using System.Runtime.InteropServices;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM while training: the first asks the run to stop before its next step (a save in progress
/// finishes first); a second one ends the process at once, as without this class (a save it cuts short leaves only a
/// temporary file, removed at the next start). <paramref name="requested"/> stops the run too (tests use it).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _error;

    public StopSignals(CancellationToken requested, TextWriter error)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(requested);
        _error = error;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled when the run should stop.</summary>
    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested) return; // the second signal: the default, which ends the process
        context.Cancel = true;
        _error.WriteLine($"rnn-train: {context.Signal}: stopping after this step to save the run; send it again to stop at once.");
        _stop.Cancel();
    }

    /// <summary><paramref name="batches"/>, but asking for a batch once the run should stop throws, before the step begins.</summary>
    public IBatchSource<LanguageModelBatch> Guard(IBatchSource<LanguageModelBatch> batches) => new Stoppable(batches, Token);

    private sealed class Stoppable(IBatchSource<LanguageModelBatch> inner, CancellationToken stop) : IBatchSource<LanguageModelBatch>
    {
        public int BatchesPerEpoch => inner.BatchesPerEpoch;

        public LanguageModelBatch GetBatch(int epoch, int index)
        {
            stop.ThrowIfCancellationRequested();
            return inner.GetBatch(epoch, index);
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }
}
