namespace RnnCourse.Plots;

/// <summary>
/// The key of a heatmap: a vertical strip through the colour map with ticks for the value range. The strip
/// is drawn as thin bands rather than a gradient, which would need an id reference.
/// </summary>
internal sealed class ColorBar
{
    private const double Gap = 16, BarWidth = 14, Bands = 96, LabelGap = 4;

    private readonly ColorMap _map;
    private readonly double _min, _max;
    private readonly string? _label;

    public ColorBar(ColorMap map, double min, double max, string? label)
    {
        _map = map;
        _min = min;
        _max = max;
        _label = label;
    }

    /// <summary>The width the colour bar takes right of the plot, its labels included.</summary>
    public double Width(double height)
    {
        var ticks = Scale(height).Ticks;
        var widest = ticks.Count == 0 ? 0 : ticks.Max(t => TextMetrics.Width(t.Label, Theme.TickSize));
        return Gap + BarWidth + Theme.TickLength + LabelGap + widest + (_label is null ? 0 : TextMetrics.LineHeight(Theme.LabelSize) + 6) + 2;
    }

    /// <summary>Draws the bar with its left edge <see cref="Gap"/> right of <paramref name="x"/>, spanning <paramref name="y"/> to y + height.</summary>
    public void Draw(SvgWriter svg, double x, double y, double height)
    {
        svg.OpenGroup(cls: "colorbar", crisp: true);
        var left = x + Gap;
        var band = height / Bands;
        for (var i = 0; i < Bands; i++)
        {
            var top = y + height - (i + 1) * band;
            // Overlap neighbours by half a pixel so no background shows between bands.
            svg.Rect(left, top, BarWidth, band + 0.5, _map.Map((i + 0.5) / Bands).Hex, cls: "colorbar-band");
        }
        svg.CloseGroup();
        svg.Rect(left, y, BarWidth, height, "none", Theme.AxisColor, 0.5);

        var scale = Scale(height);
        var widest = 0.0;
        foreach (var tick in scale.Ticks)
        {
            var py = y + height - tick.Fraction * height;
            svg.Line(left + BarWidth, py, left + BarWidth + Theme.TickLength, py, Theme.AxisColor);
            svg.Text(left + BarWidth + Theme.TickLength + LabelGap, py, tick.Label, Theme.TickSize, Theme.TickColor,
                baseline: Baseline.Middle, cls: "tick-label colorbar");
            widest = Math.Max(widest, TextMetrics.Width(tick.Label, Theme.TickSize));
        }
        if (_label is not null)
        {
            var lx = left + BarWidth + Theme.TickLength + LabelGap + widest + 6 + Theme.LabelSize * 0.8;
            svg.Text(lx, y + height / 2, TextMetrics.Fit(_label, Theme.LabelSize, height), Theme.LabelSize, Theme.LabelColor, Anchor.Middle, rotate: -90, cls: "axis-label colorbar");
        }
    }

    private LinearScale Scale(double height) =>
        LinearScale.Create(_min, _max, Math.Max(2, (int)(height / 40) + 1), fixedRange: (_min, _max));
}
