using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class LineChartTests
{
    [Fact]
    public void EachSeriesIsOnePathAndNamedSeriesAreInTheLegend()
    {
        var chart = Chart.Combine(
            Chart.Line(new[] { 1, 2, 3 }, new[] { 1.0, 4, 9 }, name: "squares"),
            Chart.Line(new[] { 1, 2, 3 }, new[] { 1f, 8f, 27f }, name: "cubes"),
            Chart.Line(new[] { 1, 2, 3 }, new[] { 2.0, 3, 4 }, name: "shifted"));

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(3, svg.WithClass("series-line").Count());
        Assert.Equal(new[] { "squares", "cubes", "shifted" }, svg.WithClass("legend").Single().Descendants(Svg.Ns + "text").Select(t => t.Value));
        var strokes = svg.WithClass("series-line").Select(p => (string?)p.Attribute("stroke")).ToArray();
        Assert.Equal(Palette.Category10.Take(3), strokes);
    }

    [Fact]
    public void ASecondStringArgumentIsTheName()
    {
        var chart = Chart.Line(new[] { 1.0, 2.0 }, "train");
        Assert.Equal("train", chart.Series.Single().Name);
        Assert.Equal(new double[] { 0, 1 }, chart.Series.Single().X);
    }

    [Fact]
    public void ASingleSeriesHasNoLegendUnlessAsked()
    {
        var chart = Chart.Line(new[] { 3.0, 1, 2 }, name: "loss");
        Assert.Empty(Svg.Parse(chart.ToSvg()).WithClass("legend"));
        Assert.Single(Svg.Parse(chart.WithLegend().ToSvg()).WithClass("legend"));
    }

    [Fact]
    public void MarkersDrawOneDotPerPoint()
    {
        var chart = Chart.Line(new[] { 0.5, 0.25, 0.125, 0.0625 }, markers: true);
        var svg = Svg.Parse(chart.ToSvg());
        Assert.Equal(4, svg.Markers().Count());
        Assert.Single(svg.WithClass("series-line"));
    }

    [Fact]
    public void ScatterDrawsDotsAndNoLine()
    {
        var chart = Chart.Scatter(new[] { 1, 2, 3, 4, 5 }, new[] { 2.0, 1, 4, 3, 5 });
        var svg = Svg.Parse(chart.ToSvg());
        Assert.Equal(5, svg.Markers().Count());
        Assert.Empty(svg.WithClass("series-line"));
    }

    [Fact]
    public void NaNAndInfinitePointsAreSkippedAndBreakTheLine()
    {
        double[] ys = [1, 2, double.NaN, 4, 5, double.PositiveInfinity, 7, 8];
        var chart = Chart.Line(ys, markers: true);

        var svg = Svg.Parse(chart.ToSvg());

        var d = (string)svg.WithClass("series-line").Single().Attribute("d")!;
        Assert.Equal(3, d.Count(c => c == 'M'));
        Assert.Equal(6, svg.Markers().Count());
        Assert.DoesNotContain("NaN", chart.ToSvg());
        Assert.DoesNotContain("Infinity", chart.ToSvg());
    }

    [Fact]
    public void ALonePointBetweenGapsStillShows()
    {
        var d = (string)Svg.Parse(Chart.Line(new[] { double.NaN, 3, double.NaN, 1, 2 }).ToSvg())
            .WithClass("series-line").Single().Attribute("d")!;
        Assert.Contains("h0", d);
    }

    [Fact]
    public void LogAxesSkipNonPositiveValuesAndLabelDecades()
    {
        var chart = Chart.Line(new[] { 1.0, 0.1, 0, -1, 0.001 }, markers: true).WithLogY();

        var svg = Svg.Parse(chart.ToSvg());

        Assert.Equal(3, svg.Markers().Count());
        var yLabels = svg.WithClass("tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" y")).Select(e => e.Value).ToArray();
        Assert.Equal(new[] { "0.001", "0.01", "0.1", "1" }, yLabels);
    }

    [Fact]
    public void WideLogAxesWritePowersOfTenWithSuperscripts()
    {
        var chart = Chart.Line(new[] { 1e-8, 1e-4, 1, 1e4 }).WithLogY();
        var yLabels = Svg.Parse(chart.ToSvg()).WithClass("tick-label")
            .Where(e => ((string)e.Attribute("class")!).EndsWith(" y")).ToArray();
        Assert.All(yLabels, e => Assert.StartsWith("10", e.Value));
        Assert.All(yLabels, e => Assert.Single(e.Elements(Svg.Ns + "tspan")));
        Assert.Contains(yLabels, e => e.Element(Svg.Ns + "tspan")!.Value == "−8");
    }

    [Fact]
    public void LinearTickLabelsAreEvenlySteppedNiceNumbers()
    {
        var chart = Chart.Line(new[] { -0.37, 2.2, 1.1, 0.4 });
        var svg = Svg.Parse(chart.ToSvg());
        var y = svg.WithClass("tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" y")).Select(e => Svg.Number(e.Value)).ToArray();
        Assert.True(y.Length >= 3);
        var step = y[1] - y[0];
        Assert.All(y.Zip(y.Skip(1), (a, b) => b - a), gap => Assert.Equal(step, gap, 1e-9));
        Assert.Contains(Math.Round(step / Math.Pow(10, Math.Floor(Math.Log10(step))), 6), new[] { 1.0, 2.0, 5.0 });
        Assert.True(y[0] <= -0.37 && y[^1] >= 2.2);
    }

    [Fact]
    public void LabelsAndTitleAppear()
    {
        var svg = Svg.Parse(Gallery.LossCurves().ToSvg());
        Assert.Equal("Char-RNN on tiny Shakespeare", svg.Texts("title").Single());
        Assert.Contains("step", svg.Texts("axis-label"));
        Assert.Contains("cross-entropy (nats)", svg.Texts("axis-label"));
    }

    [Fact]
    public void PinnedRangesClipTheDataInANestedViewport()
    {
        var chart = Chart.Line(new[] { 0.0, 10, 100 }).WithYRange(0, 20);
        var svg = Svg.Parse(chart.ToSvg());
        var viewport = svg.Descendants(Svg.Ns + "svg").Single();
        Assert.Single(viewport.Descendants(), e => (string?)e.Attribute("class") == "series-line");
        var y = svg.WithClass("tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" y")).Select(e => Svg.Number(e.Value)).ToArray();
        Assert.Equal(0, y[0]);
        Assert.Equal(20, y[^1]);
    }

    [Fact]
    public void LongCurvesAreThinnedToAboutFourPointsPerPixelColumn()
    {
        var ys = Enumerable.Range(0, 100_000).Select(i => Math.Sin(i / 500.0) + 0.1 * Math.Sin(i)).ToArray();
        var d = (string)Svg.Parse(Chart.Line(ys).ToSvg()).WithClass("series-line").Single().Attribute("d")!;
        var vertices = d.Count(c => c is 'M' or 'L');
        Assert.InRange(vertices, 500, 4 * 640);
    }

    [Theory]
    [InlineData(new double[0], "empty")]
    [InlineData(new[] { double.NaN, double.PositiveInfinity }, "NaN or infinite")]
    public void SeriesWithNothingToDrawAreRejectedByName(double[] ys, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Chart.Line(ys, name: "train"));
        Assert.Contains("'train'", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Chart.Line(new[] { 1, 2, 3 }, new[] { 1.0, 2 }));
        Assert.Contains("3 x values but 2 y values", error.Message);
    }

    [Fact]
    public void ALogAxisWithoutPositiveValuesExplainsItself()
    {
        var chart = Chart.Line(new[] { 0.0, -1, -2 }).WithLogY();
        var error = Assert.Throws<InvalidOperationException>(() => chart.ToSvg());
        Assert.Contains("log y axis", error.Message);
    }

    [Fact]
    public void WithMethodsReturnChangedCopies()
    {
        var chart = Chart.Line(new[] { 1.0, 2 });
        var titled = chart.WithTitle("loss").WithLogY().WithSize(800, 300);
        Assert.Null(chart.Title);
        Assert.False(chart.LogY);
        Assert.Equal("loss", titled.Title);
        Assert.True(titled.LogY);
        Assert.Equal((800, 300), titled.Size);
        var svg = Svg.Parse(titled.ToSvg());
        Assert.Equal("800", (string?)svg.Attribute("width"));
        Assert.Equal("300", (string?)svg.Attribute("height"));
    }

    [Fact]
    public void CombineKeepsSeriesOrderAndTheFirstSettings()
    {
        var a = Chart.Line(new[] { 1.0, 2 }, name: "a").WithTitle("first").WithXLabel("x");
        var b = Chart.Scatter(new[] { 1, 2 }, new[] { 3.0, 4 }, name: "b").WithTitle("second").WithYLabel("y");
        var combined = Chart.Combine(a, b);
        Assert.Equal(new[] { "a", "b" }, combined.Series.Select(s => s.Name));
        Assert.Equal("first", combined.Title);
        Assert.Equal("x", combined.XLabel);
        Assert.Equal("y", combined.YLabel);
        Assert.Equal(SeriesMode.Markers, combined.Series[1].Mode);
    }

    [Fact]
    public void PlainTextSummarySaysWhatIsDrawn()
    {
        Assert.Equal("XYChart 'Char-RNN on tiny Shakespeare': 2 series (train, validation), 640x400", Gallery.LossCurves().ToString());
    }
}
