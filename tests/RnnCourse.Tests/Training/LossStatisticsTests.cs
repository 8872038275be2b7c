using RnnCourse.Tensors;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>The block standard error: the textbook s/√n for blocks of one, hand values, correlated runs, paired differences, refusals.</summary>
public sealed class LossStatisticsTests
{
    [Fact]
    public void Blocks_of_one_give_the_textbook_standard_error()
    {
        double[] x = [1, 2, 4, 7];
        double mean = 3.5, s2 = ((2.5 * 2.5) + (1.5 * 1.5) + (0.5 * 0.5) + (3.5 * 3.5)) / 3;
        Assert.Equal(Math.Sqrt(s2 / 4), LossStatistics.BlockStandardError(x, 1), 12);
        Assert.Equal(mean, x.Average());
    }

    [Fact]
    public void Blocks_average_first_and_a_partial_block_is_left_out()
    {
        // blocks of 2: means 1.5, 5.5, 9 (the 10 alone is left out); s² = ((−3.833)² + (0.167)² + (3.667)²) / 2
        double[] x = [1, 2, 5, 6, 8, 10, 10];
        double[] m = [1.5, 5.5, 9];
        double mean = m.Average(), s2 = m.Sum(v => (v - mean) * (v - mean)) / 2;
        Assert.Equal(Math.Sqrt(s2 / 3), LossStatistics.BlockStandardError(x, 2), 12);
        Assert.Equal(0.0, LossStatistics.BlockStandardError([3, 3, 3, 3], 2));
    }

    [Fact]
    public void Correlated_runs_get_a_larger_error_in_blocks_than_value_by_value()
    {
        var g = new Generator(5);
        var values = new List<double>();
        for (int run = 0; run < 200; run++)
        {
            double level = g.NextDouble();                      // each run of 20 shares a level: strongly correlated neighbours
            for (int i = 0; i < 20; i++) values.Add(level + 0.01 * g.NextDouble());
        }
        double plain = LossStatistics.BlockStandardError(values, 1), blocked = LossStatistics.BlockStandardError(values, 20);
        Assert.True(blocked > 3 * plain, $"blocked {blocked}, plain {plain}");
    }

    [Fact]
    public void A_paired_difference_is_the_mean_difference_with_its_error()
    {
        double[] a = [2, 3, 4, 5], b = [1, 3, 2, 5];
        var (mean, se) = LossStatistics.PairedDifference(a, b, 1);
        Assert.Equal(0.75, mean, 12);
        Assert.Equal(LossStatistics.BlockStandardError([1, 0, 2, 0], 1), se, 12);
        Assert.Contains("same predictions", Assert.Throws<ArgumentException>(() => LossStatistics.PairedDifference(a, [1, 2], 1)).Message);
    }

    [Fact]
    public void Too_few_blocks_or_an_empty_block_are_refused()
    {
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => LossStatistics.BlockStandardError([1, 2, 3], 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LossStatistics.BlockStandardError([1, 2, 3], 0));
    }
}
