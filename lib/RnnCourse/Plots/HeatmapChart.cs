namespace RnnCourse.Plots;

/// <summary>
/// A matrix drawn as coloured cells, row 0 at the top: Jacobian norms, transition matrices, weights.
/// Cells keep a square shape; a colour bar gives the scale; small matrices print their values in the cells.
/// NaN and infinite cells are drawn grey and left out of the colour range.
/// </summary>
public sealed record HeatmapChart : Chart
{
    private const int MaxAnnotatedCells = 400, MaxCellElements = 4096, Levels = 64;

    private readonly double[,] _values;

    internal HeatmapChart(double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels)
    {
        _values = values;
        RowLabels = rowLabels;
        ColumnLabels = columnLabels;
    }

    public int Rows => _values.GetLength(0);

    public int Columns => _values.GetLength(1);

    /// <summary>The value in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public double this[int row, int column] => _values[row, column];

    public IReadOnlyList<string> RowLabels { get; init; }

    public IReadOnlyList<string> ColumnLabels { get; init; }

    /// <summary>The colour map; null picks <see cref="ColorMap.Diverging"/> for data with both signs, else <see cref="ColorMap.Viridis"/>.</summary>
    public ColorMap? ColorMap { get; init; }

    /// <summary>The values mapped to the ends of the colour map; null fits the data (symmetric about zero for diverging maps).</summary>
    public (double Min, double Max)? Range { get; init; }

    /// <summary>True or false forces values printed in cells on or off; null prints them when cells are large enough.</summary>
    public bool? Annotate { get; init; }

    /// <summary>The label under the columns.</summary>
    public string? XLabel { get; init; }

    /// <summary>The label beside the rows.</summary>
    public string? YLabel { get; init; }

    /// <summary>The label beside the colour bar (what the colours measure).</summary>
    public string? ColorBarLabel { get; init; }

    public HeatmapChart WithXLabel(string? label) => this with { XLabel = label };

    public HeatmapChart WithYLabel(string? label) => this with { YLabel = label };

    public HeatmapChart WithColorBarLabel(string? label) => this with { ColorBarLabel = label };

    public HeatmapChart WithColorMap(ColorMap colorMap) => this with { ColorMap = colorMap ?? throw new ArgumentNullException(nameof(colorMap)) };

    /// <summary>Maps <paramref name="min"/> and <paramref name="max"/> to the ends of the colour map; values beyond are clamped.</summary>
    public HeatmapChart WithRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"The colour range must be finite with min < max, got [{min}, {max}].");
        return this with { Range = (min, max) };
    }

    public HeatmapChart WithAnnotations(bool show = true) => this with { Annotate = show };

    public HeatmapChart WithRowLabels(IEnumerable<string> labels) => this with { RowLabels = Chart.Labels(labels, Rows, "row") };

    public HeatmapChart WithColumnLabels(IEnumerable<string> labels) => this with { ColumnLabels = Chart.Labels(labels, Columns, "column") };

    /// <summary>A size that gives square cells with the longer side of the matrix about 400 pixels (cells at most 56).</summary>
    private protected override (int Width, int Height) DefaultSize
    {
        get
        {
            var cell = Math.Min(400.0 / Math.Max(Rows, Columns), 56);
            var widestRow = Math.Min(150, RowLabels.Max(l => TextMetrics.Width(l, Theme.TickSize)));
            var left = widestRow + 16 + (YLabel is null ? 0 : 24);
            var right = 110 + (ColorBarLabel is null ? 0 : 22);
            var top = (Title is null ? 0 : 40) + 20;
            var bottom = 40 + (XLabel is null ? 0 : 24);
            return ((int)Math.Clamp(cell * Columns + left + right, 360, 1200), (int)Math.Clamp(cell * Rows + top + bottom, 260, 1000));
        }
    }

    private protected override string Describe() =>
        $"HeatmapChart{(Title is null ? "" : $" '{Title}'")}: {Rows}x{Columns} matrix, colours {EffectiveMap.Name} over [{NumberFormat.Compact(EffectiveRange.Min)}, {NumberFormat.Compact(EffectiveRange.Max)}]";

    private IEnumerable<double> FiniteValues => _values.Cast<double>().Where(double.IsFinite);

    private ColorMap EffectiveMap => ColorScale.MapFor(ColorMap, FiniteValues);

    private (double Min, double Max) EffectiveRange => ColorScale.RangeFor(Range, EffectiveMap, FiniteValues);

    private protected override void RenderBody(SvgWriter svg, Box area)
    {
        var map = EffectiveMap;
        var (min, max) = EffectiveRange;
        var colorBar = new ColorBar(map, min, max, ColorBarLabel);
        var xAxis = new CategoryAxis(ColumnLabels, reversed: false, XLabel);
        var yAxis = new CategoryAxis(RowLabels, reversed: true, YLabel);

        // Lay out, then shrink the area until the cells come out square (margins depend only on labels).
        var inner = area.Inset(0, 0, colorBar.Width(area.H), 0);
        var frame = Frame.Layout(inner, xAxis, yAxis);
        for (var pass = 0; pass < 3; pass++)
        {
            var plot = frame.Plot;
            var cell = Math.Min(plot.W / Columns, plot.H / Rows);
            double slackX = plot.W - cell * Columns, slackY = plot.H - cell * Rows;
            if (slackX < 1 && slackY < 1) break;
            inner = inner.Inset(slackX / 2, slackY / 2, slackX / 2, slackY / 2);
            frame = Frame.Layout(inner, xAxis, yAxis);
        }

        var box = frame.Plot;
        double cellW = box.W / Columns, cellH = box.H / Rows;
        if (Rows * Columns <= MaxCellElements) DrawCells(svg, box, cellW, cellH, map, min, max);
        else DrawCellRuns(svg, box, cellW, cellH, map, min, max);
        if (ShouldAnnotate(cellW, cellH)) DrawAnnotations(svg, box, cellW, cellH, map, min, max);
        frame.DrawAxes(svg);

        var barHeight = Math.Min(area.H, Math.Max(box.H, 120));
        var barY = Math.Clamp(box.CenterY - barHeight / 2, area.Y, area.Bottom - barHeight);
        colorBar.Draw(svg, box.Right, barY, barHeight);
    }

    /// <summary>One rect per cell, in its exact colour, with the value as a hover tooltip.</summary>
    private void DrawCells(SvgWriter svg, Box box, double cellW, double cellH, ColorMap map, double min, double max)
    {
        svg.OpenGroup(cls: "cells", crisp: true);
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                var v = _values[r, c];
                var fill = double.IsFinite(v) ? map.Map((v - min) / (max - min)).Hex : Theme.MissingColor;
                svg.Rect(box.X + c * cellW, box.Y + r * cellH, cellW, cellH, fill, cls: "cell",
                    tooltip: $"{RowLabels[r]}, {ColumnLabels[c]}: {NumberFormat.Compact(v)}");
            }
        }
        svg.CloseGroup();
    }

    /// <summary>
    /// Large matrices: values fall into 64 colour levels (finer than the eye separates along a colour map)
    /// and each level is one path of unit-high strokes, one per run of equal cells in a row, in a group
    /// scaled to the cell size. That costs a few bytes per cell where a rect would cost eighty.
    /// </summary>
    private void DrawCellRuns(SvgWriter svg, Box box, double cellW, double cellH, ColorMap map, double min, double max)
    {
        int Level(double v) => double.IsFinite(v) ? (int)Math.Clamp(Math.Floor((v - min) / (max - min) * Levels), 0, Levels - 1) : -1;
        var runs = new SortedDictionary<int, System.Text.StringBuilder>();
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns;)
            {
                var level = Level(_values[r, c]);
                var length = 1;
                while (c + length < Columns && Level(_values[r, c + length]) == level) length++;
                if (!runs.TryGetValue(level, out var d)) runs[level] = d = new System.Text.StringBuilder();
                d.Append(System.Globalization.CultureInfo.InvariantCulture, $"M{c} {r}.5h{length}");
                c += length;
            }
        }
        var transform = $"translate({NumberFormat.Coordinate(box.X)} {NumberFormat.Coordinate(box.Y)}) " +
                        $"scale({cellW.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} {cellH.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";
        svg.OpenGroup(cls: "cells", crisp: true, transform: transform);
        foreach (var (level, d) in runs)
        {
            var colour = level < 0 ? Theme.MissingColor : map.Map((level + 0.5) / Levels).Hex;
            svg.Path(d.ToString(), colour, 1, cls: "cell-runs", square: true);
        }
        svg.CloseGroup();
    }

    private bool ShouldAnnotate(double cellW, double cellH)
    {
        if (Annotate is { } annotate) return annotate;
        if (Rows * Columns > MaxAnnotatedCells || cellH < 16) return false;
        var size = FontSize(cellH);
        return _values.Cast<double>().All(v => TextMetrics.Width(NumberFormat.Compact(v), size) + 4 <= cellW);
    }

    private static double FontSize(double cellH) => Math.Clamp(cellH * 0.3, 8, 12);

    private void DrawAnnotations(SvgWriter svg, Box box, double cellW, double cellH, ColorMap map, double min, double max)
    {
        svg.OpenGroup(cls: "annotations");
        var size = FontSize(cellH);
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                var v = _values[r, c];
                var background = double.IsFinite(v) ? map.Map((v - min) / (max - min)) : Rgb.Parse(Theme.MissingColor);
                var ink = background.Luminance > 0.36 ? Theme.TitleColor : "#ffffff";
                svg.Text(box.X + (c + 0.5) * cellW, box.Y + (r + 0.5) * cellH, NumberFormat.Compact(v), size, ink,
                    Anchor.Middle, Baseline.Middle, cls: "annotation");
            }
        }
        svg.CloseGroup();
    }
}
