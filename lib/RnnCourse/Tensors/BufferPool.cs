namespace RnnCourse.Tensors;

/// <summary>
/// Recycles the large float arrays of a training step. One step of a char-LSTM allocates tens of
/// megabytes of gate activations and gradients that are dead by its end. Left to the garbage collector,
/// each is fresh memory that the operating system must map and zero page by page (about 0.2 ms per MB
/// on the development machine: a fifth of an H=128 LSTM step), and every few steps a full collection
/// hands it back. Arrays are kept by exact length, because consecutive steps have the same shapes.
/// </summary>
/// <remarks>
/// Only code that knows an array is dead returns it: the backward pass, for the gradients of
/// intermediate tensors once their op has used them, and the fused recurrent kernels, for what they
/// saved for backward once the graph is released. Recycling never changes a result: an array is rented
/// uninitialised only by code that writes every element, and cleared otherwise.
/// </remarks>
internal static class BufferPool
{
    /// <summary>Shorter arrays are not pooled: the garbage collector handles small ones cheaply.</summary>
    public const int MinLength = 16 * 1024;

    /// <summary>At most this many floats (256 MiB) are held; past it the pool starts over empty.</summary>
    public const long MaxPooledFloats = 64L << 20;

    private static readonly object Gate = new();
    private static readonly Dictionary<int, Stack<float[]>> Free = [];
    private static readonly HashSet<float[]> Pooled = new(ReferenceEqualityComparer.Instance);
    private static long _pooledFloats;

    /// <summary>An array of exactly <paramref name="length"/> floats with unspecified contents: the caller writes every element.</summary>
    public static float[] Rent(int length)
    {
        if (length >= MinLength)
            lock (Gate)
                if (Free.TryGetValue(length, out var stack) && stack.TryPop(out float[]? array))
                {
                    Pooled.Remove(array);
                    _pooledFloats -= length;
                    return array;
                }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>An array of exactly <paramref name="length"/> zeros.</summary>
    public static float[] RentCleared(int length)
    {
        if (length < MinLength) return new float[length];
        float[] array = Rent(length);
        Array.Clear(array);
        return array;
    }

    /// <summary>Hands back an array nothing references any more (null and short arrays are ignored).</summary>
    public static void Return(float[]? array)
    {
        if (array is null || array.Length < MinLength) return;
        lock (Gate)
        {
            if (!Pooled.Add(array))
                throw new InvalidOperationException("BufferPool: an array was returned twice; two owners would share it.");
            if (_pooledFloats + array.Length > MaxPooledFloats)
            {
                // Shapes changed (another model or batch size): forget the old lengths.
                Free.Clear();
                Pooled.Clear();
                Pooled.Add(array);
                _pooledFloats = 0;
            }
            if (!Free.TryGetValue(array.Length, out var stack)) Free[array.Length] = stack = new Stack<float[]>();
            stack.Push(array);
            _pooledFloats += array.Length;
        }
    }

    /// <summary>Floats currently held (for tests).</summary>
    internal static long PooledFloats
    {
        get { lock (Gate) return _pooledFloats; }
    }

    /// <summary>Fills every pooled array with <paramref name="value"/> (for tests: NaN exposes a read before a write).</summary>
    internal static void Poison(float value)
    {
        lock (Gate)
            foreach (float[] array in Pooled) Array.Fill(array, value);
    }

    /// <summary>Empties the pool (for tests).</summary>
    internal static void Clear()
    {
        lock (Gate)
        {
            Free.Clear();
            Pooled.Clear();
            _pooledFloats = 0;
        }
    }
}
