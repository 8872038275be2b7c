namespace RnnCourse.Plots;

/// <summary>
/// The axes of a two-dimensional chart: lays out the plot rectangle inside an area so that tick labels and
/// axis titles fit, then draws gridlines (under the data) and axes (over it).
/// </summary>
internal sealed class Frame
{
    private const double TickGap = 4, Pad = 8;
    private static readonly double TickLine = TextMetrics.LineHeight(Theme.TickSize);
    private static readonly double LabelLine = TextMetrics.LineHeight(Theme.LabelSize);

    private readonly Box _area;
    private readonly Axis _xAxis, _yAxis;
    private readonly bool _rotateX;

    private Frame(Box area, Axis xAxis, Axis yAxis, Box plot, Scale x, Scale y, bool rotateX)
    {
        _area = area;
        _xAxis = xAxis;
        _yAxis = yAxis;
        Plot = plot;
        X = x;
        Y = y;
        _rotateX = rotateX;
    }

    /// <summary>The rectangle the data is drawn in.</summary>
    public Box Plot { get; }

    public Scale X { get; }
    public Scale Y { get; }

    /// <summary>Fits the axes and the largest plot rectangle their labels leave into <paramref name="area"/>.</summary>
    public static Frame Layout(Box area, Axis xAxis, Axis yAxis)
    {
        double top = Pad + TickLine / 2, right = 14;
        var bottom = BottomMargin(xAxis, rotated: false, widest: 0);
        Scale x = null!, y = null!;
        var rotateX = false;
        var plot = area;
        // Margins depend on labels, and labels on the room the margins leave: grow the margins until the
        // labels of the last pass fit them (they only grow, so this settles within a few passes).
        for (var pass = 0; pass < 4; pass++)
        {
            var plotHeight = Math.Max(10, area.H - top - bottom);
            y = yAxis.Create(plotHeight, horizontal: false);
            var left = TickLengthAndGap + Widest(y) + (yAxis.Label is null ? 0 : LabelLine + 4) + 4;
            var plotWidth = Math.Max(10, area.W - left - right);
            x = xAxis.Create(plotWidth, horizontal: true);
            rotateX = xAxis.RotatesLabels(plotWidth);
            plot = new Box(area.X + left, area.Y + top, plotWidth, plotHeight);

            var newBottom = BottomMargin(xAxis, rotateX, Widest(x));
            var newRight = rotateX || x.Ticks.Count == 0
                ? 14
                : Math.Max(14, x.Ticks[^1].Width(Theme.TickSize) / 2 - (1 - x.Ticks[^1].Fraction) * plotWidth + 4);
            if (newBottom <= bottom && newRight <= right) break;
            (bottom, right) = (Math.Max(bottom, newBottom), Math.Max(right, newRight));
        }
        return new Frame(area, xAxis, yAxis, plot, x, y, rotateX);
    }

    public double PixelX(double value) => Plot.X + X.Fraction(value) * Plot.W;

    public double PixelY(double value) => Plot.Bottom - Y.Fraction(value) * Plot.H;

    /// <summary>Gridlines at the ticks of numeric axes; drawn before the data.</summary>
    public void DrawGrid(SvgWriter svg)
    {
        svg.OpenGroup(cls: "grid");
        foreach (var f in SparseMajors(X, Plot.W) ? X.MinorTicks : [])
            if (Inside(f)) svg.Line(Plot.X + f * Plot.W, Plot.Y, Plot.X + f * Plot.W, Plot.Bottom, Theme.MinorGridColor);
        foreach (var f in SparseMajors(Y, Plot.H) ? Y.MinorTicks : [])
            if (Inside(f)) svg.Line(Plot.X, Plot.Bottom - f * Plot.H, Plot.Right, Plot.Bottom - f * Plot.H, Theme.MinorGridColor);
        foreach (var t in X.HasGrid ? X.Ticks : [])
            if (Inside(t.Fraction)) svg.Line(Plot.X + t.Fraction * Plot.W, Plot.Y, Plot.X + t.Fraction * Plot.W, Plot.Bottom, Theme.GridColor);
        foreach (var t in Y.HasGrid ? Y.Ticks : [])
            if (Inside(t.Fraction)) svg.Line(Plot.X, Plot.Bottom - t.Fraction * Plot.H, Plot.Right, Plot.Bottom - t.Fraction * Plot.H, Theme.GridColor);
        svg.CloseGroup();
    }

    /// <summary>Axis lines, tick marks, tick labels and axis titles; drawn after the data.</summary>
    public void DrawAxes(SvgWriter svg)
    {
        svg.OpenGroup(cls: "axes");
        var tickLength = Theme.TickLength;
        if (X.HasGrid) svg.Line(Plot.X, Plot.Bottom, Plot.Right, Plot.Bottom, Theme.AxisColor);
        if (Y.HasGrid) svg.Line(Plot.X, Plot.Y, Plot.X, Plot.Bottom, Theme.AxisColor);

        foreach (var f in X.MinorTicks)
            if (Inside(f)) svg.Line(Plot.X + f * Plot.W, Plot.Bottom, Plot.X + f * Plot.W, Plot.Bottom + tickLength * 0.6, Theme.AxisColor);
        foreach (var f in Y.MinorTicks)
            if (Inside(f)) svg.Line(Plot.X - tickLength * 0.6, Plot.Bottom - f * Plot.H, Plot.X, Plot.Bottom - f * Plot.H, Theme.AxisColor);
        foreach (var t in X.Ticks)
        {
            if (!Inside(t.Fraction)) continue;
            var px = Plot.X + t.Fraction * Plot.W;
            svg.Line(px, Plot.Bottom, px, Plot.Bottom + tickLength, Theme.AxisColor);
            var y = Plot.Bottom + tickLength + TickGap;
            if (_rotateX)
                svg.Text(px, y, t.Label, Theme.TickSize, Theme.TickColor, Anchor.End, Baseline.Hanging, rotate: -45, cls: "tick-label x",
                    superscript: t.Superscript);
            else
                svg.Text(px, y, t.Label, Theme.TickSize, Theme.TickColor, Anchor.Middle, Baseline.Hanging, cls: "tick-label x",
                    superscript: t.Superscript);
        }
        foreach (var t in Y.Ticks)
        {
            if (!Inside(t.Fraction)) continue;
            var py = Plot.Bottom - t.Fraction * Plot.H;
            svg.Line(Plot.X - tickLength, py, Plot.X, py, Theme.AxisColor);
            svg.Text(Plot.X - tickLength - TickGap, py, t.Label, Theme.TickSize, Theme.TickColor, Anchor.End, Baseline.Middle,
                cls: "tick-label y", superscript: t.Superscript);
        }

        if (_xAxis.Label is { } xLabel)
        {
            var room = 2 * Math.Min(Plot.CenterX - _area.X, _area.Right - Plot.CenterX) - 4;
            svg.Text(Plot.CenterX, _area.Bottom - Theme.LabelSize * 0.3, TextMetrics.Fit(xLabel, Theme.LabelSize, room),
                Theme.LabelSize, Theme.LabelColor, Anchor.Middle, cls: "axis-label x");
        }
        if (_yAxis.Label is { } yLabel)
        {
            var x = Plot.X - TickLengthAndGap - Widest(Y) - 6 - Theme.LabelSize * 0.25;
            var room = 2 * Math.Min(Plot.CenterY - _area.Y, _area.Bottom - Plot.CenterY) - 4;
            svg.Text(x, Plot.CenterY, TextMetrics.Fit(yLabel, Theme.LabelSize, room), Theme.LabelSize, Theme.LabelColor, Anchor.Middle,
                rotate: -90, cls: "axis-label y");
        }
        svg.CloseGroup();
    }

    private static double TickLengthAndGap => Theme.TickLength + TickGap;

    private static double BottomMargin(Axis xAxis, bool rotated, double widest)
    {
        var labels = rotated ? widest * Math.Sqrt(0.5) + Theme.TickSize : TickLine;
        return TickLengthAndGap + labels + (xAxis.Label is null ? 4 : LabelLine + 8);
    }

    private static double Widest(Scale scale) =>
        scale.Ticks.Count == 0 ? 0 : scale.Ticks.Max(t => t.Width(Theme.TickSize));

    /// <summary>Minor gridlines help only where major ones are far apart; elsewhere they would hatch the plot.</summary>
    private static bool SparseMajors(Scale scale, double length) =>
        scale.HasGrid && scale.Ticks.Count >= 2 && (scale.Ticks[1].Fraction - scale.Ticks[0].Fraction) * length >= 90;

    private static bool Inside(double fraction) => fraction >= -1e-9 && fraction <= 1 + 1e-9;
}
