namespace RnnCourse.Training;

/// <summary>
/// Is one model really better than another on the same text? Two models scored token by token on the same
/// predictions differ by the mean of the per-token differences dᵢ = aᵢ − bᵢ, and that mean has a standard error.
/// The losses of neighbouring tokens are correlated (a hard passage is hard for a while), so the plain s/√n would
/// be too small; the <b>block</b> standard error cuts the values into runs of consecutive ones, long compared with
/// the correlation, and treats the run means as the independent samples. Chapter 9.
/// </summary>
public static class LossStatistics
{
    /// <summary>
    /// The standard error of the mean of <paramref name="values"/> taken in blocks of <paramref name="blockSize"/>
    /// consecutive values: with the k block means m₁..m_k (a last, shorter block is left out),
    /// SE = s / √k, s² = Σ (mⱼ − m̄)² / (k − 1). With a block size of 1 it is the textbook s / √n.
    /// </summary>
    public static double BlockStandardError(IReadOnlyList<double> values, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (blockSize < 1) throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "BlockStandardError: a block holds at least one value.");
        int blocks = values.Count / blockSize;
        if (blocks < 2)
            throw new ArgumentException($"BlockStandardError: {values.Count} values make {blocks} block(s) of {blockSize}; at least 2 are needed for a spread.", nameof(values));
        var means = new double[blocks];
        for (int j = 0; j < blocks; j++)
        {
            double sum = 0;
            for (int i = j * blockSize; i < (j + 1) * blockSize; i++) sum += values[i];
            means[j] = sum / blockSize;
        }
        double mean = means.Average();
        double variance = means.Sum(m => (m - mean) * (m - mean)) / (blocks - 1);
        return Math.Sqrt(variance / blocks);
    }

    /// <summary>
    /// The mean of the paired differences aᵢ − bᵢ (positive: <paramref name="a"/> loses more, so b is the better model)
    /// and its block standard error.
    /// </summary>
    public static (double Mean, double StandardError) PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
            throw new ArgumentException($"PairedDifference: {a.Count} and {b.Count} losses; the two models must be scored on the same predictions.");
        double[] d = a.Zip(b, (x, y) => x - y).ToArray();
        return (d.Average(), BlockStandardError(d, blockSize));
    }
}
