using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class TextChartTests
{
    /// <summary>The colour of level k of 64 along a map: the middle of its band.</summary>
    private static string Level(ColorMap map, int k) => map.Map((k + 0.5) / 64).Hex;

    [Fact]
    public void EveryCharacterIsOneCellColouredByItsValue()
    {
        var chart = Chart.ColoredText("ab c", new[] { -1.0, 0.0, 0.5, 1.0 });

        Assert.Equal(Level(ColorMap.Diverging, 0), chart.CellColor(0));        // signed values: centred on zero
        Assert.Equal(Level(ColorMap.Diverging, 32), chart.CellColor(1));
        Assert.Equal(Level(ColorMap.Diverging, 48), chart.CellColor(2));
        Assert.Equal(Level(ColorMap.Diverging, 63), chart.CellColor(3));
        var paths = Svg.Parse(chart.ToSvg()).WithClass("cell-runs").ToArray();
        Assert.Equal(["M0 0.5h1", "M1 0.5h1", "M2 0.5h1", "M3 0.5h1"], paths.Select(p => (string)p.Attribute("d")!));
        Assert.Equal(Enumerable.Range(0, 4).Select(chart.CellColor), paths.Select(p => (string)p.Attribute("stroke")!));
    }

    [Fact]
    public void Neighbours_of_one_colour_level_are_one_run()
    {
        var chart = Chart.ColoredText("aaab\nbb", new[] { 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 1.0 });
        var d = Svg.Parse(chart.ToSvg()).WithClass("cell-runs").Select(p => (string)p.Attribute("d")!).ToArray();
        Assert.Equal(["M0 0.5h3M1 1.5h1", "M3 0.5h2M0 1.5h1"], d);
    }

    [Fact]
    public void A_newline_has_its_own_cell_and_ends_the_row_and_long_rows_wrap()
    {
        var chart = Chart.ColoredText("ab\ncdefghijklmn", Enumerable.Range(0, 15).Select(i => (double)i)).WithColumns(10);

        Assert.Equal([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)], chart.Cells.Take(5));
        Assert.Equal((1, 9), chart.Cells[12]);
        Assert.Equal((2, 0), chart.Cells[13]);                                                // wrapped
        var svg = Svg.Parse(chart.ToSvg());
        var rows = svg.WithClass("text-row").Select(t => t.Value).ToArray();
        Assert.Equal(["ab↵", "cdefghijkl", "mn"], rows);
        Assert.Equal(Level(ColorMap.Viridis, 0), chart.CellColor(0));                         // one sign: viridis from min to max
        Assert.Equal(Level(ColorMap.Viridis, 63), chart.CellColor(14));
        Assert.Equal(27.0, (double)svg.WithClass("text-row").First().Attribute("textLength")!);  // 3 cells of 9 px
    }

    [Fact]
    public void Dark_cells_get_white_ink_light_cells_dark_ink_and_NaN_is_grey()
    {
        var chart = Chart.ColoredText("xyz", new[] { 0.0, 1.0, double.NaN }, ColorMap.Blues);
        var spans = Svg.Parse(chart.ToSvg()).Descendants(Svg.Ns + "tspan").ToArray();

        Assert.Equal("#1a1a1a", (string?)spans[0].Attribute("fill"));   // x on white
        Assert.Equal("#ffffff", (string?)spans[1].Attribute("fill"));   // y on dark blue
        Assert.Equal("#e6e6e6", chart.CellColor(2));
        Assert.Contains("3 characters in 1 rows", chart.ToString());
    }

    [Fact]
    public void A_fixed_range_clamps_and_bad_input_is_refused()
    {
        var chart = Chart.ColoredText("ab", new[] { 0.5, 3.0 }).WithRange(0, 1);
        Assert.Equal(Level(ColorMap.Viridis, 32), chart.CellColor(0));
        Assert.Equal(Level(ColorMap.Viridis, 63), chart.CellColor(1));

        Assert.Contains("2 values for 3 characters", Assert.Throws<ArgumentException>(() => Chart.ColoredText("abc", new[] { 1.0, 2.0 })).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Chart.ColoredText("", Array.Empty<double>())).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Chart.ColoredText("a", new[] { double.NaN })).Message);
        Assert.Throws<ArgumentException>(() => chart.WithRange(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => chart.WithColumns(3));
    }

    [Fact]
    public void It_displays_as_html_holding_the_svg()
    {
        string html = Chart.ColoredText("a<b", new[] { 1f, 1f, 1f }).WithTitle("unit 3").ToHtml();
        Assert.StartsWith("<div class=\"rnn-course-chart\"><svg", html);
        Assert.Contains("a&lt;b", html);
    }
}
