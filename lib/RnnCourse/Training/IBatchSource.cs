namespace RnnCourse.Training;

/// <summary>
/// Batches addressed by (epoch, index): what a <see cref="Trainer"/> reads. Because a batch is a pure
/// function of its address, a run resumed from a checkpoint that saved (epoch, index) sees exactly the
/// batches the uninterrupted run would have seen.
/// </summary>
public interface IBatchSource<out TBatch>
{
    /// <summary>The number of batches in one pass over the data.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>Batch <paramref name="index"/> (0 ≤ index &lt; BatchesPerEpoch) of epoch <paramref name="epoch"/> (0, 1, ...).</summary>
    TBatch GetBatch(int epoch, int index);
}
