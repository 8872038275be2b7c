using System.Numerics;
using System.Runtime.CompilerServices;

namespace RnnCourse.NGrams;

/// <summary>
/// The edges of the n-gram trie, (context node, next token) -> node, with the n-gram's count kept beside
/// it. The two ids are packed into one ulong key (node in the high 32 bits, token in the low 32), so any
/// order and any vocabulary fit. Open addressing, linear probing, Fibonacci hashing; a slot is empty when
/// its node is 0, which is never a child (0 is the root). One 16-byte entry per n-gram: counting touches
/// one cache line per n-gram.
/// </summary>
internal sealed class NGramTable
{
    internal struct Entry
    {
        public ulong Key;
        public int Node;
        public int Count;
    }

    private Entry[] _entries;
    private int _shift;
    private int _count;

    public NGramTable(int expectedCount = 1024)
    {
        int capacity = 16;
        while (capacity < expectedCount * 2) capacity *= 2;
        _entries = new Entry[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
    }

    /// <summary>The number of edges (n-grams).</summary>
    public int EdgeCount => _count;

    /// <summary>The entries, some empty (Node 0); for a pass over all n-grams.</summary>
    internal ReadOnlySpan<Entry> Entries => _entries;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Key(int context, int token) => ((ulong)(uint)context << 32) | (uint)token;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>The node for <paramref name="context"/> followed by <paramref name="token"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(int context, int token)
    {
        ulong key = Key(context, token);
        Entry[] entries = _entries;
        int mask = entries.Length - 1;
        for (int slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            ref Entry entry = ref entries[slot];
            if (entry.Node == 0) return -1;
            if (entry.Key == key) return entry.Node;
        }
    }

    /// <summary>
    /// The node for <paramref name="context"/> followed by <paramref name="token"/>, adding
    /// <paramref name="newNode"/> as it when there is none (<paramref name="added"/> true); its count grows by
    /// <paramref name="increment"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Count(int context, int token, int increment, int newNode, out bool added)
    {
        ulong key = Key(context, token);
        Entry[] entries = _entries;
        int mask = entries.Length - 1;
        for (int slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            ref Entry entry = ref entries[slot];
            if (entry.Key == key && entry.Node != 0)
            {
                entry.Count += increment;
                added = false;
                return entry.Node;
            }
            if (entry.Node == 0)
            {
                entry.Key = key;
                entry.Node = newNode;
                entry.Count = increment;
                added = true;
                if (++_count * 2 > entries.Length) Grow();
                return newNode;
            }
        }
    }

    private void Grow()
    {
        Entry[] old = _entries;
        _entries = new Entry[old.Length * 2];
        _shift--;
        int mask = _entries.Length - 1;
        foreach (Entry entry in old)
        {
            if (entry.Node == 0) continue;
            int slot = Slot(entry.Key);
            while (_entries[slot].Node != 0) slot = (slot + 1) & mask;
            _entries[slot] = entry;
        }
    }
}
