using RnnCourse.Tensors;

namespace RnnCourse.Data;

/// <summary>
/// A long-range dependency task: remember the first symbol of a sequence across a gap of L filler steps, like
/// remembering who walked into the room at the start of a long story. A sequence has L + 2 steps:
/// <code>
/// step 0        s, one of K symbols, one-hot in features [0, K)
/// steps 1..L    filler words: each a fresh random vector N(0, σ²) in features [K, K + D)
/// step L + 1    the query: 1 in feature K + D
/// </code>
/// The label is s, so a model that has forgotten it scores the chance accuracy 1/K. The fillers are random
/// vectors (as if drawn from a vocabulary too large to learn a weight per word) so that a network cannot simply
/// learn to ignore a handful of filler symbols: it has to keep its memory while its input keeps changing.
/// Chapter 6.
/// </summary>
public sealed class FirstSymbolTask
{
    /// <param name="classes">K, the symbols to remember (chance accuracy 1/K).</param>
    /// <param name="fillerSize">D, the width of a filler word's vector.</param>
    /// <param name="fillerScale">σ, the standard deviation of the filler vectors' entries: how hard they push on the state.</param>
    public FirstSymbolTask(int classes = 8, int fillerSize = 4, float fillerScale = 3f)
    {
        if (classes < 2 || fillerSize < 1 || !(fillerScale >= 0) || float.IsInfinity(fillerScale))
            throw new ArgumentOutOfRangeException(nameof(classes),
                $"FirstSymbolTask(classes: {classes}, fillerSize: {fillerSize}, fillerScale: {fillerScale}): needs at least 2 classes, a filler width of at least 1 and a finite scale ≥ 0.");
        Classes = classes;
        FillerSize = fillerSize;
        FillerScale = fillerScale;
    }

    /// <summary>K.</summary>
    public int Classes { get; }

    /// <summary>D.</summary>
    public int FillerSize { get; }

    /// <summary>σ.</summary>
    public float FillerScale { get; }

    /// <summary>The width of a step's input: K symbol features, D filler features and the query feature.</summary>
    public int InputSize => Classes + FillerSize + 1;

    /// <summary>The index of the query feature.</summary>
    public int QueryFeature => Classes + FillerSize;

    /// <summary>The accuracy of a model that does not remember: 1/K.</summary>
    public double Chance => 1.0 / Classes;

    /// <summary>
    /// <paramref name="batchSize"/> sequences with <paramref name="gap"/> filler steps: inputs (B, gap + 2, K + D + 1)
    /// and the B labels. Everything is drawn from <paramref name="generator"/>, so a seed gives the same batch everywhere.
    /// </summary>
    public (Tensor Inputs, int[] Labels) Batch(int batchSize, int gap, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (batchSize < 1 || gap < 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"FirstSymbolTask.Batch({batchSize}, gap: {gap}): needs a batch of at least 1 and a gap ≥ 0.");
        int steps = gap + 2, width = InputSize;
        var x = new float[batchSize * steps * width];
        var labels = new int[batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            int row = b * steps;
            labels[b] = generator.NextInt(Classes);
            x[row * width + labels[b]] = 1f;
            for (int t = 1; t <= gap; t++)
                for (int d = 0; d < FillerSize; d++)
                    x[(row + t) * width + Classes + d] = FillerScale * (float)generator.NextNormal();
            x[(row + steps - 1) * width + QueryFeature] = 1f;
        }
        return (new Tensor(x, batchSize, steps, width), labels);
    }
}
