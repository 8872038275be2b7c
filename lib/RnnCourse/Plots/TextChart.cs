using System.Globalization;

namespace RnnCourse.Plots;

/// <summary>
/// A passage of text with every character on a background coloured by a value: a hidden unit's activation as the
/// network reads (Karpathy's "Visualizing and understanding recurrent networks"), or how surprised a model is by
/// each character. Characters sit in a monospaced grid, one cell each; a newline is shown as ↵ in its own cell
/// (so a value at the newline is visible) and ends the row; rows longer than <see cref="Columns"/> wrap. Values
/// fall into 64 colour levels (finer than the eye tells apart along a map), which keeps a long passage small; NaN
/// values are drawn grey. A colour bar gives the scale. Chapter 8.
/// </summary>
public sealed record TextChart : Chart
{
    private const double CellWidth = 9, CellHeight = 19, FontSize = 14, ColorBarSpace = 96;
    private const string MonospaceFonts = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

    private readonly string _text;
    private readonly double[] _values;

    internal TextChart(string text, double[] values)
    {
        _text = text;
        _values = values;
    }

    /// <summary>The characters shown.</summary>
    public string Text => _text;

    /// <summary>The value of character <paramref name="index"/>.</summary>
    public double this[int index] => _values[index];

    /// <summary>Cells per row before a row wraps.</summary>
    public int Columns { get; init; } = 80;

    /// <summary>The colour map; null picks <see cref="ColorMap.Diverging"/> for values of both signs, else <see cref="ColorMap.Viridis"/>.</summary>
    public ColorMap? ColorMap { get; init; }

    /// <summary>The values mapped to the ends of the colour map; null fits the data (symmetric about zero for diverging maps).</summary>
    public (double Min, double Max)? Range { get; init; }

    /// <summary>The label beside the colour bar (what the colours measure).</summary>
    public string? ColorBarLabel { get; init; }

    public TextChart WithColorMap(ColorMap colorMap) => this with { ColorMap = colorMap ?? throw new ArgumentNullException(nameof(colorMap)) };

    public TextChart WithColorBarLabel(string? label) => this with { ColorBarLabel = label };

    /// <summary>Maps <paramref name="min"/> and <paramref name="max"/> to the ends of the colour map; values beyond are clamped.</summary>
    public TextChart WithRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"The colour range must be finite with min < max, got [{min}, {max}].");
        return this with { Range = (min, max) };
    }

    /// <summary>Wraps rows at <paramref name="columns"/> cells (at least 10).</summary>
    public TextChart WithColumns(int columns)
    {
        if (columns < 10) throw new ArgumentOutOfRangeException(nameof(columns), columns, "A text chart needs at least 10 columns.");
        return this with { Columns = columns };
    }

    /// <summary>The grid cell (row, column) of each character.</summary>
    public IReadOnlyList<(int Row, int Column)> Cells
    {
        get
        {
            var cells = new (int, int)[_text.Length];
            int row = 0, column = 0;
            for (int i = 0; i < _text.Length; i++)
            {
                if (column == Columns)
                {
                    row++;
                    column = 0;
                }
                cells[i] = (row, column);
                if (_text[i] == '\n')
                {
                    row++;
                    column = 0;
                }
                else column++;
            }
            return cells;
        }
    }

    private int RowCount => _text.Length == 0 ? 0 : Cells[^1].Row + 1;

    private int UsedColumns => _text.Length == 0 ? 1 : Cells.Max(c => c.Column) + 1;

    private protected override (int Width, int Height) DefaultSize =>
        ((int)Math.Max(360, UsedColumns * CellWidth + ColorBarSpace + (ColorBarLabel is null ? 0 : 22) + 24),
         (int)Math.Max(140, RowCount * CellHeight + (Title is null ? 0 : 34) + 24));

    private protected override string Describe() =>
        $"TextChart{(Title is null ? "" : $" '{Title}'")}: {_text.Length} characters in {RowCount} rows, colours {EffectiveMap.Name} over " +
        $"[{NumberFormat.Compact(EffectiveRange.Min)}, {NumberFormat.Compact(EffectiveRange.Max)}]";

    private IEnumerable<double> FiniteValues => _values.Where(double.IsFinite);

    private ColorMap EffectiveMap => ColorScale.MapFor(ColorMap, FiniteValues);

    private (double Min, double Max) EffectiveRange => ColorScale.RangeFor(Range, EffectiveMap, FiniteValues);

    private const int Levels = 64;

    /// <summary>The colour level (0..63) of character <paramref name="index"/>; −1 for NaN or ∞.</summary>
    private int Level(int index)
    {
        double v = _values[index];
        if (!double.IsFinite(v)) return -1;
        var (min, max) = EffectiveRange;
        return (int)Math.Clamp(Math.Floor((v - min) / (max - min) * Levels), 0, Levels - 1);
    }

    private string LevelColor(int level) => level < 0 ? Theme.MissingColor : EffectiveMap.Map((level + 0.5) / Levels).Hex;

    /// <summary>The background colour of character <paramref name="index"/>: its value's level of 64 along the colour map (grey for NaN).</summary>
    public string CellColor(int index) => LevelColor(Level(index));

    private protected override void RenderBody(SvgWriter svg, Box area)
    {
        var (min, max) = EffectiveRange;
        var cells = Cells;
        double x0 = area.X + 4, y0 = area.Y + 2;
        // The backgrounds as in a large heatmap: values fall into 64 colour levels, and each level is one path of
        // unit-high strokes, one per run of equal cells in a row, in a group scaled to the cell size (a few bytes
        // per character where a rect would cost eighty).
        var levels = new SortedDictionary<int, System.Text.StringBuilder>();
        for (int i = 0; i < _text.Length;)
        {
            var (row, column) = cells[i];
            int level = Level(i), length = 1;
            while (i + length < _text.Length && cells[i + length].Row == row && Level(i + length) == level) length++;
            if (!levels.TryGetValue(level, out var d)) levels[level] = d = new System.Text.StringBuilder();
            d.Append(CultureInfo.InvariantCulture, $"M{column} {row}.5h{length}");
            i += length;
        }
        string transform = $"translate({NumberFormat.Coordinate(x0)} {NumberFormat.Coordinate(y0)}) " +
                           $"scale({CellWidth.ToString("R", CultureInfo.InvariantCulture)} {CellHeight.ToString("R", CultureInfo.InvariantCulture)})";
        svg.OpenGroup(cls: "cells", crisp: true, transform: transform);
        foreach (var (level, d) in levels) svg.Path(d.ToString(), LevelColor(level), 1, cls: "cell-runs", square: true);
        svg.CloseGroup();

        // One text element per row, stretched to exactly its cells (textLength), in runs of one ink colour:
        // dark on light cells, white on dark ones.
        for (int start = 0; start < _text.Length;)
        {
            int row = cells[start].Row, end = start;
            while (end < _text.Length && cells[end].Row == row) end++;
            var runs = new List<(string Text, string Fill)>();
            for (int i = start; i < end; i++)
            {
                string ink = Ink(i);
                string glyph = _text[i] == '\n' ? "↵" : _text[i] == ' ' ? "\u00a0" : _text[i].ToString();
                if (runs.Count > 0 && runs[^1].Fill == ink) runs[^1] = (runs[^1].Text + glyph, ink);
                else runs.Add((glyph, ink));
            }
            svg.TextRuns(x0, y0 + row * CellHeight + CellHeight * 0.72, runs, FontSize, (end - start) * CellWidth, MonospaceFonts, "text-row");
            start = end;
        }

        double gridHeight = Math.Max(RowCount, 1) * CellHeight;
        double barHeight = Math.Min(area.H, Math.Max(gridHeight, 100));
        new ColorBar(EffectiveMap, min, max, ColorBarLabel).Draw(svg, x0 + UsedColumns * CellWidth, y0, barHeight);
    }

    private string Ink(int index)
    {
        if (_text[index] == '\n') return "#8a8a8a";
        return Rgb.Parse(CellColor(index)).Luminance > 0.36 ? Theme.TitleColor : "#ffffff";
    }

}
