using System.Collections;
using RnnCourse.Tensors;

namespace RnnCourse.Training;

/// <summary>
/// Cuts a dataset into batches (torch.utils.data.DataLoader): items are taken <see cref="BatchSize"/> at a
/// time, in order or shuffled, and each group is turned into one batch by <c>collate</c>. With
/// <see cref="DropLast"/> a last, smaller group is left out (every batch then has the same size).
/// <para>
/// Shuffling: epoch e visits the items in a permutation drawn by a <see cref="Generator"/> seeded with
/// seed + e·φ (φ = 0x9E3779B97F4A7C15, the golden-ratio increment), so the order depends only on (seed, e),
/// as with DistributedSampler.set_epoch. Enumerating the loader (<c>foreach</c>) runs the next epoch, a new
/// order each time, as in PyTorch; <see cref="GetBatch"/> reads any epoch's batch directly, which is how a
/// resumed run finds its place. Chapter 5.
/// </para>
/// </summary>
public sealed class DataLoader<T, TBatch> : IBatchSource<TBatch>, IEnumerable<TBatch>
{
    private const ulong GoldenRatioIncrement = 0x9E3779B97F4A7C15UL;
    private readonly IReadOnlyList<T> _dataset;
    private readonly Func<IReadOnlyList<T>, TBatch> _collate;
    private int _cachedEpoch = -1;
    private int[]? _cachedOrder;
    private int _nextEpoch;

    /// <param name="dataset">the items (any list, or a <see cref="Dataset{T}"/>).</param>
    /// <param name="batchSize">items per batch (≥ 1).</param>
    /// <param name="collate">turns a group of items into a batch (torch: collate_fn).</param>
    /// <param name="shuffle">a new random order every epoch (training) or the dataset's order (evaluation).</param>
    /// <param name="dropLast">leave out the last group when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">the seed of the shuffles.</param>
    public DataLoader(IReadOnlyList<T> dataset, int batchSize, Func<IReadOnlyList<T>, TBatch> collate,
        bool shuffle = false, bool dropLast = false, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(collate);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "DataLoader: the batch size must be at least 1.");
        if (dataset.Count == 0)
            throw new ArgumentException("DataLoader: the dataset is empty; give it at least one item.", nameof(dataset));
        if (dropLast && dataset.Count < batchSize)
            throw new ArgumentException(
                $"DataLoader: with dropLast, {dataset.Count} items make no full batch of {batchSize}; lower the batch size or keep the last batch.",
                nameof(batchSize));
        _dataset = dataset;
        _collate = collate;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Seed = seed;
    }

    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }
    public ulong Seed { get; }

    /// <summary>The number of items.</summary>
    public int ItemCount => _dataset.Count;

    /// <summary>⌊n / B⌋ with <see cref="DropLast"/>, else ⌈n / B⌉ (torch: len(loader)).</summary>
    public int BatchesPerEpoch => DropLast ? _dataset.Count / BatchSize : (_dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The item indices in the order epoch <paramref name="epoch"/> visits them.</summary>
    public IReadOnlyList<int> Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (_cachedEpoch != epoch || _cachedOrder is null)
        {
            _cachedOrder = Shuffle
                ? new Generator(unchecked(Seed + (ulong)epoch * GoldenRatioIncrement)).Permutation(_dataset.Count)
                : Enumerable.Range(0, _dataset.Count).ToArray();
            _cachedEpoch = epoch;
        }
        return _cachedOrder;
    }

    /// <summary>Batch <paramref name="index"/> of epoch <paramref name="epoch"/>: collate of the items at positions index·B .. index·B + B − 1 of that epoch's order.</summary>
    public TBatch GetBatch(int epoch, int index)
    {
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"DataLoader: an epoch has {BatchesPerEpoch} batches (indices 0..{BatchesPerEpoch - 1}).");
        IReadOnlyList<int> order = Order(epoch);
        int start = index * BatchSize, count = Math.Min(BatchSize, order.Count - start);
        var items = new T[count];
        for (int i = 0; i < count; i++) items[i] = _dataset[order[start + i]];
        return _collate(items);
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>, in order.</summary>
    public IEnumerable<TBatch> Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        for (int i = 0; i < BatchesPerEpoch; i++) yield return GetBatch(epoch, i);
    }

    /// <summary>The batches of the next epoch (0 the first time, then 1, 2, ...): <c>foreach (var batch in loader)</c>.</summary>
    public IEnumerator<TBatch> GetEnumerator() => Epoch(_nextEpoch++).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Loaders whose batches are the plain lists of items.</summary>
public static class DataLoader
{
    /// <summary>A loader whose batch is the list of its items (no collation).</summary>
    public static DataLoader<T, IReadOnlyList<T>> Create<T>(IReadOnlyList<T> dataset, int batchSize,
        bool shuffle = false, bool dropLast = false, ulong seed = 0)
        => new(dataset, batchSize, items => items, shuffle, dropLast, seed);
}
