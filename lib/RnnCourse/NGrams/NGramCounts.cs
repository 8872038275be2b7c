using RnnCourse.Text;

namespace RnnCourse.NGrams;

/// <summary>
/// Counts of every n-gram of orders 1..<see cref="Order"/> in a corpus of token ids, made in one pass,
/// with what the smoothers need: c(h w), the context count c(h) = Σ_w c(h w), the number of distinct
/// followers N1+(h •), the continuation count N1+(• w) (distinct left neighbours, for Kneser-Ney) and
/// counts of counts n_r (for Good-Turing and the Kneser-Ney discounts).
/// <para>
/// Storage: a trie whose node for the n-gram h·w hangs below the node of its context h, reached by the
/// packed key (node of h, w) in one hash table (<see cref="NGramTable"/>) that also holds the count. At
/// position i the k-gram ending there extends the (k−1)-gram that ended at i−1, so the n lookups of one
/// position do not wait on each other and their cache misses overlap. Each node also links to its suffix
/// (the n-gram without its first token): following suffix links from a context gives all the shorter
/// contexts a backoff model needs.
/// </para>
/// <para>
/// Counting a token stream: at position i every k-gram ending at i (k = 1..Order, as far as the stream
/// goes back) is counted once. Counting a sentence frames it with Order−1 &lt;s&gt; pads and one &lt;/s&gt;
/// (see <see cref="SentenceFraming"/>): the pads are context only (never counted as a predicted token),
/// &lt;/s&gt; is counted. Separate calls never make n-grams across their boundary.
/// </para>
/// The statistics are computed when first needed (by a model or a query); from then on the counts are
/// frozen and adding more is an error.
/// </summary>
/// <remarks>Chapter 2, n-gram language models.</remarks>
public sealed class NGramCounts
{
    /// <summary>The longest n-gram order supported.</summary>
    public const int MaxOrder = 255;

    /// <summary>Counts of counts n_r are tabulated for r below this; larger r are counted on demand.</summary>
    private const int TabulatedCounts = 64;

    // Node 0 is the root: the empty n-gram, the context of unigrams. Set while counting:
    internal int NodeTotal;
    internal int[] Last;     // the n-gram's last token
    internal int[] Prefix;   // node of the n-gram without its last token: its context
    internal int[] Suffix;   // node of the n-gram without its first token
    internal byte[] Length;  // its order

    private readonly NGramTable _table = new();

    // Set by Freeze:
    internal int[] Frequency = [];                  // c(g)
    internal int[] LeftExtensions = [];             // N1+(• g): distinct x with c(x g) > 0
    internal ContextStatistics[] Contexts = [];     // per context node h
    private long[][] _countOfCounts = [], _continuationCountOfCounts = [];
    private int[] _distinct = [];

    /// <summary>Empty counts for n-grams up to <paramref name="order"/> over ids 0..vocabularySize-1.</summary>
    public NGramCounts(int order, int vocabularySize)
    {
        if (order is < 1 or > MaxOrder)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"The n-gram order must be between 1 and {MaxOrder}.");
        if (vocabularySize < 1)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "The vocabulary must have at least one token.");
        Order = order;
        VocabularySize = vocabularySize;
        const int initial = 1024;
        Last = new int[initial]; Prefix = new int[initial]; Suffix = new int[initial]; Length = new byte[initial];
        Last[0] = Prefix[0] = Suffix[0] = -1;
        NodeTotal = 1;
    }

    /// <summary>The highest order n counted.</summary>
    public int Order { get; }

    /// <summary>The number of token ids V; ids are 0..V-1.</summary>
    public int VocabularySize { get; }

    /// <summary>True once statistics were computed (by a model or a query); adding counts is then an error.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Counts of a token stream (see the class remarks).</summary>
    public static NGramCounts FromStream(ReadOnlySpan<int> tokens, int order, int vocabularySize)
    {
        var counts = new NGramCounts(order, vocabularySize);
        counts.AddStream(tokens);
        return counts;
    }

    /// <summary>Counts of sentences, each framed with &lt;s&gt; pads and &lt;/s&gt; (see the class remarks).</summary>
    public static NGramCounts FromSentences(IEnumerable<IReadOnlyList<int>> sentences, int order, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var counts = new NGramCounts(order, vocabularySize);
        foreach (var sentence in sentences) counts.AddSentence(sentence.ToArray());
        return counts;
    }

    /// <summary>Counts every k-gram (k = 1..Order) ending at each position of <paramref name="tokens"/>.</summary>
    public void AddStream(ReadOnlySpan<int> tokens) => Add(tokens, firstCounted: 0);

    /// <summary>
    /// Frames <paramref name="sentence"/> as &lt;s&gt;×(Order−1) sentence &lt;/s&gt; and counts the n-grams
    /// ending at the sentence's tokens and at &lt;/s&gt;. Needs VocabularySize &gt; 3 (the specials' ids).
    /// </summary>
    public void AddSentence(ReadOnlySpan<int> sentence)
    {
        if (VocabularySize <= Vocabulary.EndId)
            throw new InvalidOperationException(
                $"Sentences are framed with <s> (id {Vocabulary.StartId}) and </s> (id {Vocabulary.EndId}), but the vocabulary has only {VocabularySize} ids. Use a Vocabulary-based id space.");
        Add(SentenceFraming.Frame(sentence, Order), firstCounted: Order - 1);
    }

    private void Add(ReadOnlySpan<int> tokens, int firstCounted)
    {
        if (IsFrozen)
            throw new InvalidOperationException(
                "These counts are frozen: a model or a statistics query already used them. Count the whole corpus first, then build models.");
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)VocabularySize)
                throw new ArgumentException(
                    $"Token id {tokens[i]} at position {i} is outside the vocabulary 0..{VocabularySize - 1}. " +
                    "Map text through the same Vocabulary/tokenizer (unknown words become <unk>) or count with a larger vocabularySize.",
                    nameof(tokens));
        }

        int n = Order;
        // previous[k]: node of the k-gram ending at i−1; current[k]: ending at i.
        Span<int> buffers = stackalloc int[2 * (n + 1)];
        Span<int> previous = buffers[..(n + 1)], current = buffers[(n + 1)..];
        for (int i = 0; i < tokens.Length; i++)
        {
            int increment = i >= firstCounted ? 1 : 0;
            int longest = Math.Min(n, i + 1);
            int token = tokens[i];
            current[0] = 0;
            for (int k = 1; k <= longest; k++)
            {
                int node = _table.Count(previous[k - 1], token, increment, NodeTotal, out bool added);
                if (added) AddNode(token, previous[k - 1], current[k - 1], k);
                current[k] = node;
            }
            var swap = previous; previous = current; current = swap;
        }
    }

    private void AddNode(int last, int prefix, int suffix, int length)
    {
        int node = NodeTotal++;
        if (node == Last.Length)
        {
            int capacity = Last.Length * 2;
            Array.Resize(ref Last, capacity); Array.Resize(ref Prefix, capacity);
            Array.Resize(ref Suffix, capacity); Array.Resize(ref Length, capacity);
        }
        Last[node] = last; Prefix[node] = prefix; Suffix[node] = suffix; Length[node] = (byte)length;
    }

    /// <summary>Computes the per-context statistics and freezes the counts. Called by every model; idempotent.</summary>
    public void Freeze()
    {
        if (IsFrozen) return;
        lock (_table)
        {
            if (IsFrozen) return;
            ComputeStatistics();
            IsFrozen = true;
        }
    }

    private void ComputeStatistics()
    {
        int nodes = NodeTotal;
        Frequency = new int[nodes];
        foreach (var entry in _table.Entries) if (entry.Node != 0) Frequency[entry.Node] = entry.Count;
        LeftExtensions = new int[nodes];
        for (int g = 1; g < nodes; g++) if (Frequency[g] > 0) LeftExtensions[Suffix[g]]++;

        Contexts = new ContextStatistics[nodes];
        _countOfCounts = new long[Order + 1][];
        _continuationCountOfCounts = new long[Order + 1][];
        _distinct = new int[Order + 1];
        for (int k = 0; k <= Order; k++) { _countOfCounts[k] = new long[TabulatedCounts]; _continuationCountOfCounts[k] = new long[TabulatedCounts]; }

        for (int g = 1; g < nodes; g++)
        {
            ref ContextStatistics h = ref Contexts[Prefix[g]];
            int k = Length[g];
            int c = Frequency[g];
            if (c > 0)
            {
                h.FollowerTotal += c;
                if (c == 1) h.FollowerN1++; else if (c == 2) h.FollowerN2++; else h.FollowerN3Plus++;
                if (c < TabulatedCounts) _countOfCounts[k][c]++;
                _distinct[k]++;
            }
            int cc = LeftExtensions[g];
            if (cc > 0)
            {
                h.ContinuationTotal += cc;
                if (cc == 1) h.ContinuationN1++; else if (cc == 2) h.ContinuationN2++; else h.ContinuationN3Plus++;
                if (cc < TabulatedCounts) _continuationCountOfCounts[k][cc]++;
            }
        }
    }

    // ---- Queries (n-grams and contexts are given in reading order) ----

    /// <summary>c(g): how often the n-gram <paramref name="ngram"/> (length 1..Order) was counted; the empty n-gram gives <see cref="TotalTokens"/>.</summary>
    public long Count(ReadOnlySpan<int> ngram)
    {
        CheckLength(ngram, 0, Order, nameof(ngram));
        if (ngram.IsEmpty) return TotalTokens;
        Freeze();
        int node = FindNode(ngram);
        return node < 0 ? 0 : Frequency[node];
    }

    /// <summary>c(h) = Σ_w c(h w): how often the context <paramref name="context"/> (length 0..Order−1) was followed by a counted token.</summary>
    public long ContextCount(ReadOnlySpan<int> context)
    {
        CheckLength(context, 0, Order - 1, nameof(context));
        Freeze();
        int node = FindNode(context);
        return node < 0 ? 0 : Contexts[node].FollowerTotal;
    }

    /// <summary>N1+(h •): the number of distinct tokens seen after <paramref name="context"/>.</summary>
    public int DistinctFollowers(ReadOnlySpan<int> context)
    {
        CheckLength(context, 0, Order - 1, nameof(context));
        Freeze();
        int node = FindNode(context);
        return node < 0 ? 0 : Contexts[node].DistinctFollowers;
    }

    /// <summary>
    /// N1+(• g): the number of distinct tokens seen just before the n-gram <paramref name="ngram"/>
    /// (Kneser-Ney's continuation count). Always 0 for n-grams of the highest order.
    /// </summary>
    public int ContinuationCount(ReadOnlySpan<int> ngram)
    {
        CheckLength(ngram, 1, Order, nameof(ngram));
        Freeze();
        int node = FindNode(ngram);
        return node < 0 ? 0 : LeftExtensions[node];
    }

    /// <summary>N: the number of counted tokens (each predicted position once).</summary>
    public long TotalTokens { get { Freeze(); return Contexts[0].FollowerTotal; } }

    /// <summary>The number of distinct n-grams of <paramref name="order"/> with a count above zero.</summary>
    public int DistinctNGrams(int order)
    {
        CheckOrder(order);
        Freeze();
        return _distinct[order];
    }

    /// <summary>n_r: the number of distinct n-grams of <paramref name="order"/> counted exactly <paramref name="r"/> times (r ≥ 1).</summary>
    public long CountOfCounts(int order, int r) => CountOfCounts(order, r, continuation: false);

    /// <summary>The number of distinct n-grams of <paramref name="order"/> whose continuation count N1+(• g) is exactly <paramref name="r"/>.</summary>
    public long ContinuationCountOfCounts(int order, int r) => CountOfCounts(order, r, continuation: true);

    private long CountOfCounts(int order, int r, bool continuation)
    {
        CheckOrder(order);
        ArgumentOutOfRangeException.ThrowIfLessThan(r, 1);
        Freeze();
        if (r < TabulatedCounts) return (continuation ? _continuationCountOfCounts : _countOfCounts)[order][r];
        int[] values = continuation ? LeftExtensions : Frequency;
        long total = 0;
        for (int g = 1; g < NodeTotal; g++) if (Length[g] == order && values[g] == r) total++;
        return total;
    }

    /// <summary>Every counted n-gram of <paramref name="order"/> with its count (in the order first seen).</summary>
    public IEnumerable<(int[] Tokens, long Count)> NGramsOfOrder(int order)
    {
        CheckOrder(order);
        Freeze();
        for (int g = 1; g < NodeTotal; g++)
        {
            if (Length[g] != order || Frequency[g] == 0) continue;
            yield return (TokensOf(g), Frequency[g]);
        }
    }

    /// <summary>The tokens of node <paramref name="node"/> in reading order.</summary>
    internal int[] TokensOf(int node)
    {
        var tokens = new int[Length[node]];
        for (int i = tokens.Length - 1; i >= 0; i--, node = Prefix[node]) tokens[i] = Last[node];
        return tokens;
    }

    /// <summary>The node of <paramref name="tokens"/> (read from the root forwards); -1 when never seen.</summary>
    internal int FindNode(ReadOnlySpan<int> tokens)
    {
        int node = 0;
        for (int j = 0; j < tokens.Length && node >= 0; j++) node = _table.Find(node, tokens[j]);
        return node;
    }

    /// <summary>
    /// For a context of length m and a token w: contextNodes[j] = node of the last j context tokens and
    /// ngramNodes[j] = node of (last j context tokens, w), for j = 0..m; -1 where never seen. Once a context
    /// is found, the shorter ones follow by suffix links without a lookup.
    /// </summary>
    internal void Walk(ReadOnlySpan<int> context, int token, Span<int> contextNodes, Span<int> ngramNodes)
    {
        int m = context.Length;
        int longer = -1; // node of the last j+1 context tokens
        for (int j = m; j >= 0; j--)
        {
            int h = longer >= 0 ? Suffix[longer] : FindNode(context[(m - j)..]);
            contextNodes[j] = h;
            ngramNodes[j] = h < 0 ? -1 : _table.Find(h, token);
            longer = h;
        }
    }

    /// <summary>Adds a node read from a file (already checked by the caller); false when it is a duplicate or its suffix is missing.</summary>
    internal bool TryAddLoadedNode(int last, int prefix, int count)
    {
        int length = Length[prefix] + 1;
        int suffix = length == 1 ? 0 : _table.Find(Suffix[prefix], last);
        if (suffix < 0) return false;
        _table.Count(prefix, last, count, NodeTotal, out bool added);
        if (!added) return false;
        AddNode(last, prefix, suffix, length);
        return true;
    }

    private void CheckOrder(int order)
    {
        if (order < 1 || order > Order)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"These counts have orders 1..{Order}.");
    }

    private static void CheckLength(ReadOnlySpan<int> tokens, int min, int max, string name)
    {
        if (tokens.Length < min || tokens.Length > max)
            throw new ArgumentException($"Expected {min}..{max} tokens, got {tokens.Length}.", name);
    }

    /// <summary>Writes the counts to a compact binary file (see <see cref="NGramCountsFile"/>).</summary>
    public void Save(string path) => NGramCountsFile.Write(this, path);

    /// <summary>Reads counts written by <see cref="Save"/>; a corrupt file is refused with a message naming it.</summary>
    public static NGramCounts Load(string path) => NGramCountsFile.Read(path);
}
