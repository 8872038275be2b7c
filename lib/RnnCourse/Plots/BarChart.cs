namespace RnnCourse.Plots;

/// <summary>
/// Bars per category, grouped side by side when there are several series: perplexity per model family,
/// counts per n-gram order. Bars grow from zero, so negative values point down.
/// </summary>
public sealed record BarChart : Chart
{
    internal BarChart(IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series)
    {
        Categories = categories;
        Series = series;
    }

    public IReadOnlyList<string> Categories { get; init; }

    public IReadOnlyList<BarSeries> Series { get; init; }

    public string? XLabel { get; init; }

    public string? YLabel { get; init; }

    /// <summary>A pinned value range; null fits the data and zero.</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>True or false forces the legend on or off; null shows it when two or more series have names.</summary>
    public bool? ShowLegend { get; init; }

    public BarChart WithXLabel(string? label) => this with { XLabel = label };

    public BarChart WithYLabel(string? label) => this with { YLabel = label };

    /// <summary>Pins the value axis to [min, max]; bars beyond it are clipped.</summary>
    public BarChart WithYRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"The y range must be finite with min < max, got [{min}, {max}].");
        return this with { YRange = (min, max) };
    }

    public BarChart WithLegend(bool show = true) => this with { ShowLegend = show };

    private protected override (int Width, int Height) DefaultSize => (640, 400);

    private protected override string Describe() =>
        $"BarChart{(Title is null ? "" : $" '{Title}'")}: {Categories.Count} categories x {Series.Count} series, {Size.Width}x{Size.Height}";

    private protected override void RenderBody(SvgWriter svg, Box area)
    {
        var entries = Series.Select((s, i) => (s, i)).Where(p => p.s.Name is not null)
            .Select(p => new LegendEntry(p.s.Name!, ColorOf(p.i), LegendSymbol.Swatch)).ToList();
        var legend = new Legend(ShowLegend ?? entries.Count >= 2 ? entries : []);
        var plotArea = legend.Reserve(area);

        var finite = Series.SelectMany(s => s.Values).Where(double.IsFinite).ToArray();
        double min = Math.Min(0, finite.Min()), max = Math.Max(0, finite.Max());
        var frame = Frame.Layout(plotArea,
            new CategoryAxis(Categories, reversed: false, XLabel),
            new NumericAxis(min, max, Log: false, YRange, YLabel));

        frame.DrawGrid(svg);
        if (YRange is not null) svg.OpenClip(frame.Plot);
        var band = frame.Plot.W / Categories.Count;
        var group = band * 0.8;
        var barWidth = group / Series.Count;
        var gap = barWidth > 8 ? 1 : 0;
        var zero = Math.Clamp(frame.PixelY(0), frame.Plot.Y, frame.Plot.Bottom);
        for (var s = 0; s < Series.Count; s++)
        {
            svg.OpenGroup(cls: "bar-series");
            var series = Series[s];
            for (var c = 0; c < Categories.Count; c++)
            {
                var value = series.Values[c];
                if (!double.IsFinite(value)) continue;
                var x = frame.Plot.X + c * band + (band - group) / 2 + s * barWidth + gap / 2.0;
                var top = Math.Clamp(frame.PixelY(value), -1e5, 1e5);
                var tooltip = $"{Categories[c]}{(series.Name is null ? "" : $" · {series.Name}")}: {NumberFormat.Compact(value)}";
                svg.Rect(x, Math.Min(top, zero), barWidth - gap, Math.Abs(zero - top), ColorOf(s), cls: "bar", tooltip: tooltip);
            }
            svg.CloseGroup();
        }
        if (YRange is not null) svg.CloseClip();
        if (min < 0) svg.Line(frame.Plot.X, zero, frame.Plot.Right, zero, Theme.AxisColor);
        frame.DrawAxes(svg);
        legend.Draw(svg, frame.Plot);
    }

    private string ColorOf(int index) => Series[index].Color ?? Palette.Color(index);
}
