using RnnCourse.Data;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Data;

/// <summary>The long-range task's batches: the symbol at step 0 is the label, fillers only in their features, the query last, seeded.</summary>
public class FirstSymbolTaskTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void ABatchHoldsTheSymbolTheFillersAndTheQuery(int gap)
    {
        var task = new FirstSymbolTask(classes: 5, fillerSize: 3, fillerScale: 2f);
        var (x, labels) = task.Batch(6, gap, new Generator(1));

        Assert.Equal([6, gap + 2, 9], x.Shape);
        Assert.Equal(9, task.InputSize);
        Assert.Equal(8, task.QueryFeature);
        Assert.Equal(0.2, task.Chance);
        for (int b = 0; b < 6; b++)
        {
            Assert.InRange(labels[b], 0, 4);
            for (int t = 0; t < gap + 2; t++)
                for (int f = 0; f < 9; f++)
                {
                    float v = x[b, t, f];
                    if (t == 0) Assert.Equal(f == labels[b] ? 1f : 0f, v);
                    else if (t == gap + 1) Assert.Equal(f == 8 ? 1f : 0f, v);
                    else if (f < 5 || f == 8) Assert.Equal(0f, v);
                    else Assert.NotEqual(0f, v);
                }
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameBatchAndFillersHaveTheirScale()
    {
        var task = new FirstSymbolTask(classes: 8, fillerSize: 4, fillerScale: 3f);
        var (x1, y1) = task.Batch(200, 10, new Generator(9));
        var (x2, y2) = task.Batch(200, 10, new Generator(9));
        var (x3, _) = task.Batch(200, 10, new Generator(10));
        Assert.Equal(x1.ToArray(), x2.ToArray());
        Assert.Equal(y1, y2);
        Assert.NotEqual(x1.ToArray(), x3.ToArray());
        Assert.Equal(8, y1.Distinct().Count());

        var fillers = new List<double>();
        for (int b = 0; b < 200; b++)
            for (int t = 1; t <= 10; t++)
                for (int d = 0; d < 4; d++) fillers.Add(x1[b, t, 8 + d]);
        double mean = fillers.Average(), std = Math.Sqrt(fillers.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.15, 0.15);
        Assert.InRange(std, 2.9, 3.1);
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FirstSymbolTask(classes: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FirstSymbolTask(fillerSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FirstSymbolTask(fillerScale: float.NaN));
        var task = new FirstSymbolTask();
        Assert.Throws<ArgumentOutOfRangeException>(() => task.Batch(0, 3, new Generator(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => task.Batch(2, -1, new Generator(1)));
    }
}
