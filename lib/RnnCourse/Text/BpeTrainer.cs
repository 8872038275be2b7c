namespace RnnCourse.Text;

/// <summary>
/// Learns byte-pair merges (Sennrich et al. 2016, over bytes as GPT-2): repeatedly replace the most
/// frequent adjacent pair of symbols in the corpus by a new symbol. Ties go to the pair with the smaller
/// (left id, right id), so training is deterministic. Pairs never cross pre-tokenizer chunks. Pair counts
/// are kept up to date incrementally: a merge only touches the chunks that contain its pair.
/// </summary>
internal static class BpeTrainer
{
    public static List<(int Left, int Right)> LearnMerges(IEnumerable<string> texts, int mergeCount)
    {
        // Distinct chunks with their frequencies: a corpus has far fewer distinct chunks than chunks.
        var chunkCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            foreach (var (start, length) in ByteLevelPreTokenizer.Split(text))
            {
                string chunk = text.Substring(start, length);
                chunkCounts[chunk] = chunkCounts.GetValueOrDefault(chunk) + 1;
            }
        }

        var words = new List<int[]>();
        var lengths = new List<int>();
        var frequencies = new List<long>();
        foreach (var (chunk, count) in chunkCounts)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(chunk);
            if (bytes.Length < 2) continue; // nothing to merge inside
            words.Add(bytes.Select(b => BpeTokenizer.ByteId(b)).ToArray());
            lengths.Add(bytes.Length);
            frequencies.Add(count);
        }

        var pairCounts = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, HashSet<int>>();
        for (int w = 0; w < words.Count; w++) AddPairs(w);

        var merges = new List<(int, int)>(mergeCount);
        while (merges.Count < mergeCount)
        {
            long best = -1, bestCount = 0;
            foreach (var (pair, count) in pairCounts)
            {
                if (count > bestCount || (count == bestCount && pair < best)) { best = pair; bestCount = count; }
            }
            if (bestCount == 0) break; // every chunk is a single symbol
            int left = (int)(best >> 32), right = (int)(best & 0xFFFFFFFF);
            int merged = BpeTokenizer.FirstMergeId + merges.Count;
            merges.Add((left, right));

            foreach (int w in pairWords[best].ToArray())
            {
                if (!Contains(w, left, right)) continue; // stale: an earlier merge removed the pair
                RemovePairs(w);
                Merge(words[w], lengths, w, left, right, merged);
                AddPairs(w);
            }
            pairCounts.Remove(best);
            pairWords.Remove(best);
        }
        return merges;

        void AddPairs(int w)
        {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < lengths[w]; i++)
            {
                long pair = Key(symbols[i], symbols[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + frequencies[w];
                if (!pairWords.TryGetValue(pair, out var set)) pairWords[pair] = set = [];
                set.Add(w);
            }
        }

        void RemovePairs(int w)
        {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < lengths[w]; i++)
            {
                long pair = Key(symbols[i], symbols[i + 1]);
                long left = pairCounts[pair] - frequencies[w];
                if (left == 0) pairCounts.Remove(pair); else pairCounts[pair] = left;
            }
        }

        bool Contains(int w, int left, int right)
        {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < lengths[w]; i++)
            {
                if (symbols[i] == left && symbols[i + 1] == right) return true;
            }
            return false;
        }
    }

    /// <summary>Replaces every (left, right) in symbols[0..length) by merged, left to right.</summary>
    public static int MergeInPlace(Span<int> symbols, int left, int right, int merged)
    {
        int write = 0;
        for (int read = 0; read < symbols.Length; read++)
        {
            if (read + 1 < symbols.Length && symbols[read] == left && symbols[read + 1] == right)
            {
                symbols[write++] = merged;
                read++;
            }
            else
            {
                symbols[write++] = symbols[read];
            }
        }
        return write;
    }

    private static void Merge(int[] symbols, List<int> lengths, int w, int left, int right, int merged) =>
        lengths[w] = MergeInPlace(symbols.AsSpan(0, lengths[w]), left, right, merged);

    public static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
