using System.Collections;

namespace RnnCourse.Training;

/// <summary>
/// A map-style dataset (torch.utils.data.Dataset): <see cref="Count"/> items, each fetched by index.
/// Any <see cref="IReadOnlyList{T}"/> already is one — an array of sentences, a list of names — so a
/// <see cref="DataLoader{T, TBatch}"/> takes lists directly; derive from this class (or call
/// <see cref="Dataset.FromFunction"/>) when items are made on demand instead of held in memory. Chapter 5.
/// </summary>
public abstract class Dataset<T> : IReadOnlyList<T>
{
    /// <summary>The number of items (torch: __len__).</summary>
    public abstract int Count { get; }

    /// <summary>Item <paramref name="index"/>, 0 ≤ index &lt; Count (torch: __getitem__).</summary>
    public abstract T this[int index] { get; }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Datasets made from a function.</summary>
public static class Dataset
{
    /// <summary>A dataset of <paramref name="count"/> items whose item i is <paramref name="item"/>(i), computed when asked for.</summary>
    public static Dataset<T> FromFunction<T>(int count, Func<int, T> item)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(item);
        return new FunctionDataset<T>(count, item);
    }

    private sealed class FunctionDataset<T>(int count, Func<int, T> item) : Dataset<T>
    {
        public override int Count => count;

        public override T this[int index] => (uint)index < (uint)count ? item(index)
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"The dataset has {count} items (indices 0..{count - 1}).");
    }
}
