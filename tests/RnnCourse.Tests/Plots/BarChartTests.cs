using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class BarChartTests
{
    [Fact]
    public void GroupedBarsDrawOneRectPerCategoryAndSeries()
    {
        var svg = Svg.Parse(Gallery.Perplexity().ToSvg());

        Assert.Equal(2, svg.WithClass("bar-series").Count());
        Assert.Equal(10, svg.WithClass("bar").Count());
        Assert.Equal(new[] { "bigram", "Kneser-Ney 5-gram", "Elman", "LSTM", "GRU" },
            svg.WithClass("tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" x")).Select(e => e.Value));
        Assert.Equal(new[] { "train", "validation" }, svg.WithClass("legend").Single().Descendants(Svg.Ns + "text").Select(t => t.Value));
    }

    [Fact]
    public void BarsStartAtZeroAndGrowWithTheirValue()
    {
        var chart = Chart.Bar(["a", "b", "c"], new[] { 1, 3, 2 });
        var bars = Svg.Parse(chart.ToSvg()).WithClass("bar").ToArray();
        var heights = bars.Select(b => (double)b.Attribute("height")!).ToArray();
        var bottoms = bars.Select(b => (double)b.Attribute("y")! + (double)b.Attribute("height")!).ToArray();
        Assert.Equal(heights[0] * 3, heights[1], 0.05);
        Assert.Equal(heights[0] * 2, heights[2], 0.05);
        Assert.All(bottoms, b => Assert.Equal(bottoms[0], b, 0.01));
    }

    [Fact]
    public void NegativeBarsHangBelowTheZeroLine()
    {
        var chart = Chart.Bar(["up", "down"], new[] { 2.0, -1.0 });
        var bars = Svg.Parse(chart.ToSvg()).WithClass("bar").ToArray();
        double upTop = (double)bars[0].Attribute("y")!, upBottom = upTop + (double)bars[0].Attribute("height")!;
        var downTop = (double)bars[1].Attribute("y")!;
        Assert.Equal(upBottom, downTop, 0.01);
    }

    [Fact]
    public void NaNBarsAreLeftOut()
    {
        var chart = Chart.Bar(["a", "b", "c"], new[] { 1.0, double.NaN, 2.0 });
        Assert.Equal(2, Svg.Parse(chart.ToSvg()).WithClass("bar").Count());
    }

    [Fact]
    public void ValueCountMustMatchTheCategories()
    {
        var error = Assert.Throws<ArgumentException>(() => Chart.Bar(["a", "b"], ("train", new[] { 1.0, 2, 3 })));
        Assert.Contains("'train' has 3 values for 2 categories", error.Message);
        Assert.Throws<ArgumentException>(() => Chart.Bar(Array.Empty<string>(), Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => Chart.Bar(["a"], new[] { double.NaN }));
    }
}
