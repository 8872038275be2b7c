using RnnCourse.Tensors;

namespace RnnCourse.Data;

/// <summary>
/// The course's corpora with deterministic splits. Files are found, downloaded and checked by
/// <see cref="CorpusResolver"/> (RNN_COURSE_DATA, then the data/ cache, then the canonical address).
/// </summary>
public static class Corpus
{
    /// <summary>
    /// The names of makemore's names.txt (one per line; blank lines dropped), shuffled with
    /// <paramref name="seed"/> (Fisher-Yates with xoshiro256**, the same on every machine); the last
    /// <paramref name="testCount"/> are the test set, the <paramref name="validationFraction"/> of the rest
    /// just before them the validation set, and the others the training set.
    /// </summary>
    public static NamesCorpus Names(int seed = 42, int testCount = 1000, double validationFraction = 0.1, CorpusResolver? resolver = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        CheckFraction(validationFraction, nameof(validationFraction));
        string path = (resolver ?? CorpusResolver.FromEnvironment()).Resolve(CorpusFile.Names);
        string[] all = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (testCount > all.Length)
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"The test set cannot be larger than the {all.Length} names.");

        var shuffled = all.ToList();
        new Generator(unchecked((ulong)seed)).Shuffle(shuffled);
        int rest = shuffled.Count - testCount;
        int validationCount = (int)Math.Round(validationFraction * rest);
        int trainCount = rest - validationCount;
        return new NamesCorpus(all,
            shuffled.GetRange(0, trainCount),
            shuffled.GetRange(trainCount, validationCount),
            shuffled.GetRange(rest, testCount),
            path);
    }

    /// <summary>
    /// Tiny Shakespeare as one text: the last <paramref name="testFraction"/> of the characters are the test
    /// part, the <paramref name="validationFraction"/> before them the validation part, the rest the
    /// training part. The defaults (10% validation, no test) give char-rnn's and nanoGPT's split:
    /// train = text[..(int)(0.9 n)].
    /// </summary>
    public static TextCorpus TinyShakespeare(double validationFraction = 0.1, double testFraction = 0.0, CorpusResolver? resolver = null)
    {
        CheckFraction(validationFraction, nameof(validationFraction));
        CheckFraction(testFraction, nameof(testFraction));
        if (validationFraction + testFraction > 1)
            throw new ArgumentException($"The validation and test fractions add up to {validationFraction + testFraction}, more than the whole text.");
        string path = (resolver ?? CorpusResolver.FromEnvironment()).Resolve(CorpusFile.TinyShakespeare);
        string text = File.ReadAllText(path);
        int n = text.Length;
        int testStart = n - (int)(n * testFraction);
        int validationStart = (int)(n * (1 - validationFraction - testFraction));
        validationStart = Math.Min(validationStart, testStart);
        return new TextCorpus(text, text[..validationStart], text[validationStart..testStart], text[testStart..], path);
    }

    private static void CheckFraction(double fraction, string name)
    {
        if (!(fraction >= 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(name, fraction, "A split fraction lies between 0 and 1.");
    }
}
