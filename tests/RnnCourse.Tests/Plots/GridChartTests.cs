using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class GridChartTests
{
    [Fact]
    public void EachChartIsASubplotWithItsOwnTitle()
    {
        var svg = Svg.Parse(Gallery.Grid().ToSvg());

        Assert.Equal(4, svg.WithClass("subplot").Count());
        Assert.Equal(new[] { "Chapter summary", "loss", "gradient norms", "perplexity", "transitions" }, svg.Texts("title"));
        Assert.Equal(10, svg.WithClass("bar").Count());
        Assert.Equal(25, svg.WithClass("cell").Count());
    }

    [Fact]
    public void SubplotsFillRowsFirstAndStayInTheirCell()
    {
        var grid = Chart.Grid(2, 3, Chart.Line(new[] { 1.0, 2 }), Chart.Line(new[] { 2.0, 1 }), Chart.Line(new[] { 1.0, 1 }),
            Chart.Line(new[] { 0.0, 1 })).WithSize(900, 500);
        var svg = Svg.Parse(grid.ToSvg());
        var paths = svg.WithClass("series-line").Select(p => (string)p.Attribute("d")!).ToArray();
        var starts = paths.Select(d => d[1..].Split(' ')[0].Split(',').Select(double.Parse).ToArray()).ToArray();
        Assert.InRange(starts[0][0], 0, 300);
        Assert.InRange(starts[1][0], 300, 600);
        Assert.InRange(starts[2][0], 600, 900);
        Assert.InRange(starts[3][0], 0, 300);
        Assert.InRange(starts[3][1], 250, 500);
    }

    [Fact]
    public void TooManyChartsAreRejected()
    {
        var line = Chart.Line(new[] { 1.0 });
        Assert.Contains("3 charts do not fit in 1 x 2",
            Assert.Throws<ArgumentException>(() => Chart.Grid(1, 2, line, line, line)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Chart.Grid(0, 2, line));
    }
}
