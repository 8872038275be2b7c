namespace RnnCourse.Plots;

/// <summary>How a legend entry draws its series: a line sample, a line with a marker, a marker, or a filled square.</summary>
internal enum LegendSymbol { Line, LineWithMarker, Marker, Swatch }

internal sealed record LegendEntry(string Name, string Color, LegendSymbol Symbol, string? Dash = null);

/// <summary>
/// A legend either in a column to the right of the plot (wide charts) or in centred rows above it
/// (narrow charts and subplots), always outside the data so it never hides a curve.
/// </summary>
internal sealed class Legend
{
    private const double SymbolWidth = 22, SymbolGap = 6, ItemGap = 18, Pad = 10;
    private static readonly double RowHeight = TextMetrics.LineHeight(Theme.LegendSize) + 4;

    private readonly IReadOnlyList<LegendEntry> _entries;
    private Box _area;
    private bool _right;
    private double _rowsHeight;

    private const double MaxNameWidth = 200;

    public Legend(IReadOnlyList<LegendEntry> entries) =>
        _entries = entries.Select(e => e with { Name = TextMetrics.Fit(e.Name, Theme.LegendSize, MaxNameWidth) }).ToArray();

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>
    /// Takes the legend's room out of <paramref name="area"/> (a column on the right, or rows on top) and
    /// returns what is left for the plot; call <see cref="Draw"/> once the plot is laid out.
    /// </summary>
    public Box Reserve(Box area)
    {
        _area = area;
        if (IsEmpty) return area;
        _right = FitsRight(area);
        _rowsHeight = _right ? 0 : RowsHeight(area.W);
        return _right ? area.Inset(0, 0, ColumnWidth, 0) : area.Inset(0, _rowsHeight, 0, 0);
    }

    /// <summary>Draws the legend in the room <see cref="Reserve"/> took, beside <paramref name="plot"/>.</summary>
    public void Draw(SvgWriter svg, Box plot)
    {
        if (IsEmpty) return;
        if (_right) DrawColumn(svg, plot.Right + 4, plot.Y);
        else DrawRows(svg, new Box(_area.X, _area.Y, _area.W, _rowsHeight));
    }

    /// <summary>Whether the legend goes right of the plot in <paramref name="area"/> (else above it).</summary>
    private bool FitsRight(Box area) =>
        !IsEmpty && area.W >= 420 && ColumnWidth <= area.W * 0.3 && ColumnHeight <= area.H;

    /// <summary>The width a column legend takes, its left padding included.</summary>
    private double ColumnWidth => Pad + SymbolWidth + SymbolGap + _entries.Max(e => ItemTextWidth(e));

    private double ColumnHeight => _entries.Count * RowHeight;

    /// <summary>The height the legend takes as rows across <paramref name="width"/>, its padding below included.</summary>
    private double RowsHeight(double width) => IsEmpty ? 0 : Rows(width).Count * RowHeight + 4;

    private void DrawColumn(SvgWriter svg, double x, double y)
    {
        svg.OpenGroup(cls: "legend");
        for (var i = 0; i < _entries.Count; i++)
            DrawItem(svg, _entries[i], x + Pad, y + i * RowHeight + RowHeight / 2);
        svg.CloseGroup();
    }

    private void DrawRows(SvgWriter svg, Box area)
    {
        svg.OpenGroup(cls: "legend");
        var rows = Rows(area.W);
        for (var r = 0; r < rows.Count; r++)
        {
            var width = rows[r].Sum(ItemWidth) - ItemGap;
            var x = area.CenterX - width / 2;
            foreach (var entry in rows[r])
            {
                DrawItem(svg, entry, x, area.Y + r * RowHeight + RowHeight / 2);
                x += ItemWidth(entry);
            }
        }
        svg.CloseGroup();
    }

    private List<List<LegendEntry>> Rows(double width)
    {
        var rows = new List<List<LegendEntry>> { new() };
        double used = 0;
        foreach (var entry in _entries)
        {
            var w = ItemWidth(entry);
            if (used > 0 && used + w - ItemGap > width)
            {
                rows.Add([]);
                used = 0;
            }
            rows[^1].Add(entry);
            used += w;
        }
        return rows;
    }

    private static double ItemTextWidth(LegendEntry e) => TextMetrics.Width(e.Name, Theme.LegendSize);

    private static double ItemWidth(LegendEntry e) => SymbolWidth + SymbolGap + ItemTextWidth(e) + ItemGap;

    private static void DrawItem(SvgWriter svg, LegendEntry e, double x, double centerY)
    {
        var mid = x + SymbolWidth / 2;
        switch (e.Symbol)
        {
            case LegendSymbol.Line or LegendSymbol.LineWithMarker:
                svg.Line(x, centerY, x + SymbolWidth, centerY, e.Color, Theme.LineWidth, dash: e.Dash);
                if (e.Symbol == LegendSymbol.LineWithMarker)
                    svg.Circle(mid, centerY, Theme.MarkerRadius, e.Color, Theme.Background, 1);
                break;
            case LegendSymbol.Marker:
                svg.Circle(mid, centerY, Theme.ScatterRadius + 0.5, e.Color, Theme.Background, 0.75);
                break;
            case LegendSymbol.Swatch:
                svg.Rect(mid - 6, centerY - 6, 12, 12, e.Color);
                break;
        }
        svg.Text(x + SymbolWidth + SymbolGap, centerY, e.Name, Theme.LegendSize, Theme.LabelColor, baseline: Baseline.Middle);
    }
}
