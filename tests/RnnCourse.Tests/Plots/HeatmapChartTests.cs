using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class HeatmapChartTests
{
    [Fact]
    public void EveryCellIsOneRectRowZeroOnTop()
    {
        var values = new double[3, 4];
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 4; c++)
                values[r, c] = r * 4 + c;

        var svg = Svg.Parse(Chart.Heatmap(values).ToSvg());

        var cells = svg.WithClass("cell").ToArray();
        Assert.Equal(12, cells.Length);
        var first = cells[0];
        var last = cells[^1];
        Assert.True((double)first.Attribute("y")! < (double)last.Attribute("y")!, "row 0 is drawn above the last row");
        Assert.Equal(ColorMap.Viridis.Map(0).Hex, (string?)first.Attribute("fill"));
        Assert.Equal(ColorMap.Viridis.Map(1).Hex, (string?)last.Attribute("fill"));
        Assert.Equal("0, 0: 0", first.Element(Svg.Ns + "title")!.Value);
    }

    [Fact]
    public void CellsAreSquare()
    {
        var cells = Svg.Parse(Gallery.Weights().ToSvg()).WithClass("cell").Take(2).ToArray();
        Assert.Equal((double)cells[0].Attribute("width")!, (double)cells[0].Attribute("height")!, 0.05);
    }

    [Fact]
    public void SignedDataGetsTheDivergingMapCentredOnZero()
    {
        var svg = Svg.Parse(Chart.Heatmap(new[,] { { -1.0, 0.0 }, { 0.5, 0.25 } }).ToSvg());
        var fills = svg.WithClass("cell").Select(c => (string?)c.Attribute("fill")).ToArray();
        Assert.Equal(ColorMap.Diverging.Map(0).Hex, fills[0]);
        Assert.Equal(ColorMap.Diverging.Map(0.5).Hex, fills[1]);
        Assert.Equal(ColorMap.Diverging.Map(0.75).Hex, fills[2]);
    }

    [Fact]
    public void NaNCellsAreGreyAndLeftOutOfTheRange()
    {
        var chart = Chart.Heatmap(new[,] { { 1.0, double.NaN }, { double.PositiveInfinity, 3.0 } });
        var fills = Svg.Parse(chart.ToSvg()).WithClass("cell").Select(c => (string?)c.Attribute("fill")).ToArray();
        Assert.Equal(ColorMap.Viridis.Map(0).Hex, fills[0]);
        Assert.Equal(fills[1], fills[2]);
        Assert.Equal(ColorMap.Viridis.Map(1).Hex, fills[3]);
    }

    [Fact]
    public void SmallMatricesPrintTheirValuesLargeOnesDoNot()
    {
        var small = Svg.Parse(Gallery.Transitions().ToSvg());
        Assert.Equal(25, small.WithClass("annotation").Count());
        Assert.Contains("0.25", small.Texts("annotation"));

        var large = Svg.Parse(Gallery.Weights().ToSvg());
        Assert.Empty(large.WithClass("annotation"));
        Assert.Equal(32 * 48, large.WithClass("cell").Count());

        var forced = Svg.Parse(Chart.Heatmap(new float[,] { { 1, 2 } }, annotate: false).ToSvg());
        Assert.Empty(forced.WithClass("annotation"));
    }

    [Fact]
    public void LargeMatricesDrawRunsThatCoverEveryCellOnce()
    {
        var values = new double[80, 70];
        for (var r = 0; r < 80; r++)
            for (var c = 0; c < 70; c++)
                values[r, c] = r == 5 && c == 5 ? double.NaN : Math.Round(Math.Sin(r / 9.0) * Math.Cos(c / 4.0), 1);

        var svg = Svg.Parse(Chart.Heatmap(values).ToSvg());

        Assert.Empty(svg.WithClass("cell"));
        var covered = new int[80, 70];
        foreach (var path in svg.WithClass("cell-runs"))
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches((string)path.Attribute("d")!, @"M(\d+) (\d+)\.5h(\d+)"))
            {
                int c = int.Parse(m.Groups[1].Value), r = int.Parse(m.Groups[2].Value), length = int.Parse(m.Groups[3].Value);
                for (var k = 0; k < length; k++) covered[r, c + k]++;
            }
        }
        Assert.All(covered.Cast<int>(), n => Assert.Equal(1, n));
        Assert.Contains(svg.WithClass("cell-runs"), p => (string?)p.Attribute("stroke") == "#e6e6e6");
        Assert.True(Chart.Heatmap(values).ToSvg().Length < 120_000, "runs keep large heatmaps small");
    }

    [Fact]
    public void AnnotationsStayReadableOnDarkAndLightCells()
    {
        var svg = Svg.Parse(Chart.Heatmap(new[,] { { 0.0, 1.0 } }).ToSvg());
        var inks = svg.WithClass("annotation").Select(t => (string?)t.Attribute("fill")).ToArray();
        Assert.Equal("#ffffff", inks[0]); // on dark purple
        Assert.NotEqual("#ffffff", inks[1]); // on yellow
    }

    [Fact]
    public void RowAndColumnLabelsAreUsed()
    {
        var svg = Svg.Parse(Gallery.Transitions().ToSvg());
        var x = svg.WithClass("tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" x")).Select(e => e.Value);
        var y = svg.WithClass("tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" y")).Select(e => e.Value);
        string[] states = ["START", "a", "b", "c", "END"];
        Assert.Equal(states, x);
        Assert.Equal(states, y);
    }

    [Fact]
    public void TheColourBarSpansTheColourMapWithNiceTicks()
    {
        var svg = Svg.Parse(Chart.Heatmap(new[,] { { 0.0, 0.37 }, { 0.81, 0.5 } }).ToSvg());
        var bands = svg.WithClass("colorbar-band").ToArray();
        Assert.True(bands.Length >= 32);
        Assert.Equal(ColorMap.Viridis.Map(0.5 / bands.Length).Hex, (string?)bands[0].Attribute("fill"));
        var ticks = svg.WithClass("colorbar").Where(e => e.Name.LocalName == "text").Select(e => Svg.Number(e.Value)).ToArray();
        Assert.True(ticks.Length >= 2);
        Assert.All(ticks, t => Assert.InRange(t, 0, 0.81));
    }

    [Fact]
    public void FixedRangesAndColourMapsApply()
    {
        var chart = Chart.Heatmap(new[,] { { 0.5 } }).WithRange(0, 1).WithColorMap(ColorMap.Blues);
        var fill = (string?)Svg.Parse(chart.ToSvg()).WithClass("cell").Single().Attribute("fill");
        Assert.Equal(ColorMap.Blues.Map(0.5).Hex, fill);
    }

    [Fact]
    public void BadInputIsRejectedWithTheReason()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Chart.Heatmap(new double[0, 3])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Chart.Heatmap(new[,] { { double.NaN } })).Message);
        Assert.Contains("3 row labels for 2 rows",
            Assert.Throws<ArgumentException>(() => Chart.Heatmap(new double[2, 2], rowLabels: ["a", "b", "c"])).Message);
    }

    [Fact]
    public void TheMatrixIsCopied()
    {
        var values = new[,] { { 1.0, 2.0 } };
        var chart = Chart.Heatmap(values);
        values[0, 0] = 100;
        Assert.Equal(1.0, chart[0, 0]);
    }
}
