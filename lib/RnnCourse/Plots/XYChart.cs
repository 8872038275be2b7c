namespace RnnCourse.Plots;

/// <summary>
/// Lines and scatter plots on numeric x and y axes, linear or logarithmic: training curves, gradient norms
/// against distance, spectra. Points with a NaN or infinite coordinate (or a non-positive one on a log
/// axis) are skipped and break the line.
/// </summary>
public sealed record XYChart : Chart
{
    private const double Limit = 1e5; // pixel coordinates are clamped to this, for points far outside a pinned range

    internal XYChart(IReadOnlyList<XYSeries> series) => Series = series;

    public IReadOnlyList<XYSeries> Series { get; init; }

    public string? XLabel { get; init; }

    public string? YLabel { get; init; }

    public bool LogX { get; init; }

    public bool LogY { get; init; }

    /// <summary>A pinned x range; null fits the data (widened to nice ticks).</summary>
    public (double Min, double Max)? XRange { get; init; }

    /// <summary>A pinned y range; null fits the data (widened to nice ticks).</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>True or false forces the legend on or off; null shows it when two or more series have names.</summary>
    public bool? ShowLegend { get; init; }

    public XYChart WithXLabel(string? label) => this with { XLabel = label };

    public XYChart WithYLabel(string? label) => this with { YLabel = label };

    /// <summary>Uses a base-10 logarithmic x axis.</summary>
    public XYChart WithLogX(bool log = true) => this with { LogX = log };

    /// <summary>Uses a base-10 logarithmic y axis, the usual view of a loss or a gradient norm.</summary>
    public XYChart WithLogY(bool log = true) => this with { LogY = log };

    /// <summary>Pins the x axis to [min, max]; what falls outside is clipped.</summary>
    public XYChart WithXRange(double min, double max) => this with { XRange = CheckedRange(min, max, "x") };

    /// <summary>Pins the y axis to [min, max]; what falls outside is clipped.</summary>
    public XYChart WithYRange(double min, double max) => this with { YRange = CheckedRange(min, max, "y") };

    public XYChart WithLegend(bool show = true) => this with { ShowLegend = show };

    private protected override (int Width, int Height) DefaultSize => (640, 400);

    private protected override string Describe() =>
        $"XYChart{(Title is null ? "" : $" '{Title}'")}: {Series.Count} series" +
        (Series.Any(s => s.Name is not null) ? $" ({string.Join(", ", Series.Select((s, i) => s.Name ?? $"#{i + 1}"))})" : "") +
        $", {Size.Width}x{Size.Height}";

    private protected override void RenderBody(SvgWriter svg, Box area)
    {
        var entries = LegendEntries();
        var legend = new Legend(ShowLegend ?? entries.Count >= 2 ? entries : []);
        var plotArea = legend.Reserve(area);

        var (xMin, xMax, yMin, yMax) = Extent();
        var frame = Frame.Layout(plotArea,
            new NumericAxis(xMin, xMax, LogX, XRange, XLabel),
            new NumericAxis(yMin, yMax, LogY, YRange, YLabel));

        frame.DrawGrid(svg);
        var clip = XRange is not null || YRange is not null;
        if (clip) svg.OpenClip(frame.Plot);
        for (var i = 0; i < Series.Count; i++) DrawSeries(svg, frame, Series[i], ColorOf(i), DashOf(i));
        if (clip) svg.CloseClip();
        frame.DrawAxes(svg);
        legend.Draw(svg, frame.Plot);
    }

    private void DrawSeries(SvgWriter svg, Frame frame, XYSeries series, string color, string? dash)
    {
        static double Clamp(double pixel) => double.IsFinite(pixel) ? Math.Clamp(pixel, -Limit, Limit) : double.NaN;
        double PixelX(int i) => Clamp(frame.PixelX(series.X[i]));
        double PixelY(int i) => Clamp(frame.PixelY(series.Y[i]));

        if (series.HasLine)
        {
            var path = new PathBuilder();
            for (var i = 0; i < series.X.Count; i++) path.Add(PixelX(i), PixelY(i));
            if (!path.IsEmpty)
                svg.Path(path.Build(), color, Theme.LineWidth, cls: "series-line", dash: dash, tooltip: series.Name);
        }
        if (series.HasMarkers)
        {
            // Scatter dots are translucent so dense regions read darker; line markers are opaque.
            var scatter = series.Mode == SeriesMode.Markers;
            svg.OpenGroup(cls: "series-markers", fill: color, stroke: Theme.Background, strokeWidth: scatter ? 0.5 : 1, opacity: scatter ? 0.8 : 1);
            var radius = scatter ? Theme.ScatterRadius : Theme.MarkerRadius;
            for (var i = 0; i < series.X.Count; i++)
            {
                double x = PixelX(i), y = PixelY(i);
                if (double.IsFinite(x) && double.IsFinite(y)) svg.Circle(x, y, radius);
            }
            svg.CloseGroup();
        }
    }

    private string ColorOf(int index) => Series[index].Color ?? Palette.Color(index);

    // Past ten series the palette repeats; the second round is dashed so every line stays distinguishable.
    private string? DashOf(int index) =>
        Series[index].Dashed || (Series[index].Color is null && index / Palette.Category10.Count % 2 == 1) ? "6 4" : null;

    private List<LegendEntry> LegendEntries() =>
        Series.Select((s, i) => (s, i))
            .Where(p => p.s.Name is not null)
            .Select(p => new LegendEntry(p.s.Name!, ColorOf(p.i), p.s.Mode switch
            {
                SeriesMode.Lines => LegendSymbol.Line,
                SeriesMode.Markers => LegendSymbol.Marker,
                _ => LegendSymbol.LineWithMarker,
            }, DashOf(p.i)))
            .ToList();

    /// <summary>The bounding box of the drawable points of all series.</summary>
    private (double XMin, double XMax, double YMin, double YMax) Extent()
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (var series in Series)
        {
            for (var i = 0; i < series.X.Count; i++)
            {
                double x = series.X[i], y = series.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y) || (LogX && x <= 0) || (LogY && y <= 0)) continue;
                (xMin, xMax) = (Math.Min(xMin, x), Math.Max(xMax, x));
                (yMin, yMax) = (Math.Min(yMin, y), Math.Max(yMax, y));
            }
        }
        if (xMin <= xMax) return (xMin, xMax, yMin, yMax);
        var axes = (LogX, LogY) switch { (true, true) => "x and y", (true, false) => "x", _ => "y" };
        throw new InvalidOperationException(LogX || LogY
            ? $"Cannot draw a log {axes} axis: no point has a positive {axes} value. Use a linear axis, or plot absolute values."
            : "Nothing to draw: no series has a point with finite x and y.");
    }

    private static (double, double) CheckedRange(double min, double max, string axis)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"The {axis} range must be finite with min < max, got [{min}, {max}].");
        return (min, max);
    }
}
