using System.Globalization;
using System.Numerics;

namespace RnnCourse.Plots;

public abstract partial record Chart
{
    /// <summary>A line through (x, y) points. Any numeric element types work: int steps, float losses, double norms.</summary>
    /// <param name="xs">The x coordinates.</param>
    /// <param name="ys">The y coordinates, one per x; NaN or infinite values leave a gap.</param>
    /// <param name="name">The legend entry; legends show when two or more series have names.</param>
    /// <param name="markers">Also draw a dot at each point.</param>
    /// <param name="color">A #rrggbb colour; null takes the next palette colour.</param>
    /// <param name="dashed">Draw a dashed line.</param>
    public static XYChart Line<TX, TY>(IEnumerable<TX> xs, IEnumerable<TY> ys, string? name = null, bool markers = false,
        string? color = null, bool dashed = false)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        new([Series(nameof(Line), xs, ys, name, markers ? SeriesMode.LinesAndMarkers : SeriesMode.Lines, color, dashed)]);

    /// <summary>A line through the values against their index 0, 1, 2, ...</summary>
    public static XYChart Line<TY>(IEnumerable<TY> ys, string? name = null, bool markers = false, string? color = null, bool dashed = false)
        where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(ys);
        var values = ys.ToArray();
        return Line(Enumerable.Range(0, values.Length), values, name, markers, color, dashed);
    }

    /// <summary>A dot at each (x, y) point.</summary>
    public static XYChart Scatter<TX, TY>(IEnumerable<TX> xs, IEnumerable<TY> ys, string? name = null, string? color = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        new([Series(nameof(Scatter), xs, ys, name, SeriesMode.Markers, color, dashed: false)]);

    /// <summary>
    /// Overlays line and scatter charts on one pair of axes. Series keep their order (and so their colours);
    /// titles, labels and axis settings come from the first chart that sets them.
    /// </summary>
    public static XYChart Combine(params XYChart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (charts.Length == 0) throw new ArgumentException("Chart.Combine needs at least one chart.", nameof(charts));
        var first = charts[0];
        return first with
        {
            Series = charts.SelectMany(c => c.Series).ToArray(),
            Title = charts.Select(c => c.Title).FirstOrDefault(t => t is not null),
            Width = charts.Select(c => c.Width).FirstOrDefault(w => w is not null),
            Height = charts.Select(c => c.Height).FirstOrDefault(h => h is not null),
            XLabel = charts.Select(c => c.XLabel).FirstOrDefault(l => l is not null),
            YLabel = charts.Select(c => c.YLabel).FirstOrDefault(l => l is not null),
            LogX = charts.Any(c => c.LogX),
            LogY = charts.Any(c => c.LogY),
            XRange = charts.Select(c => c.XRange).FirstOrDefault(r => r is not null),
            YRange = charts.Select(c => c.YRange).FirstOrDefault(r => r is not null),
            ShowLegend = charts.Select(c => c.ShowLegend).FirstOrDefault(s => s is not null),
        };
    }

    /// <summary>One bar per category.</summary>
    public static BarChart Bar<T>(IEnumerable<string> categories, IEnumerable<T> values, string? name = null, string? color = null)
        where T : INumberBase<T>
    {
        var labels = CategoryLabels(categories);
        return new BarChart(labels, [BarValues(labels, name, values, color)]);
    }

    /// <summary>Grouped bars: for each category, one bar per series, side by side.</summary>
    /// <example><c>Chart.Bar(["elman", "lstm", "gru"], ("train", trainPpl), ("valid", validPpl))</c></example>
    public static BarChart Bar<T>(IEnumerable<string> categories, params (string Name, IEnumerable<T> Values)[] series)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0) throw new ArgumentException("Chart.Bar needs at least one series of values.", nameof(series));
        var labels = CategoryLabels(categories);
        return new BarChart(labels, series.Select(s => BarValues(labels, s.Name, s.Values, null)).ToArray());
    }

    /// <summary>A heatmap of a matrix, row 0 at the top.</summary>
    /// <param name="values">The matrix, indexed [row, column]; NaN or infinite cells are drawn grey.</param>
    /// <param name="rowLabels">One label per row; null numbers them from 0.</param>
    /// <param name="columnLabels">One label per column; null numbers them from 0.</param>
    /// <param name="colorMap">Null picks <see cref="ColorMap.Diverging"/> for data with both signs, else <see cref="ColorMap.Viridis"/>.</param>
    /// <param name="annotate">True or false forces values printed in the cells; null prints them when they fit.</param>
    public static HeatmapChart Heatmap(double[,] values, IEnumerable<string>? rowLabels = null, IEnumerable<string>? columnLabels = null,
        ColorMap? colorMap = null, bool? annotate = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        if (rows == 0 || columns == 0)
            throw new ArgumentException($"Chart.Heatmap: the matrix is empty ({rows} x {columns}); pass at least one cell.", nameof(values));
        if (!values.Cast<double>().Any(double.IsFinite))
            throw new ArgumentException($"Chart.Heatmap: all {rows * columns} cells are NaN or infinite; there is nothing to colour.", nameof(values));
        return new HeatmapChart((double[,])values.Clone(),
            rowLabels is null ? Numbered(rows) : Labels(rowLabels, rows, "row"),
            columnLabels is null ? Numbered(columns) : Labels(columnLabels, columns, "column"))
        {
            ColorMap = colorMap,
            Annotate = annotate,
        };
    }

    /// <inheritdoc cref="Heatmap(double[,], IEnumerable{string}?, IEnumerable{string}?, ColorMap?, bool?)"/>
    public static HeatmapChart Heatmap(float[,] values, IEnumerable<string>? rowLabels = null, IEnumerable<string>? columnLabels = null,
        ColorMap? colorMap = null, bool? annotate = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = new double[values.GetLength(0), values.GetLength(1)];
        for (var r = 0; r < copy.GetLength(0); r++)
            for (var c = 0; c < copy.GetLength(1); c++)
                copy[r, c] = values[r, c];
        return Heatmap(copy, rowLabels, columnLabels, colorMap, annotate);
    }

    /// <summary>
    /// A passage of text, each character on a background coloured by its value: a hidden unit's activation, or the
    /// model's surprise at each character.
    /// </summary>
    /// <param name="text">The characters; a newline ends a row and shows as ↵.</param>
    /// <param name="values">One value per character; NaN or infinite values are drawn grey.</param>
    /// <param name="colorMap">Null picks <see cref="ColorMap.Diverging"/> for values of both signs, else <see cref="ColorMap.Viridis"/>.</param>
    public static TextChart ColoredText<T>(string text, IEnumerable<T> values, ColorMap? colorMap = null) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var v = values.Select(double.CreateSaturating).ToArray();
        if (text.Length == 0) throw new ArgumentException("Chart.ColoredText: the text is empty; pass at least one character.", nameof(text));
        if (v.Length != text.Length)
            throw new ArgumentException($"Chart.ColoredText: {v.Length} values for {text.Length} characters; pass one value per character.", nameof(values));
        if (!v.Any(double.IsFinite))
            throw new ArgumentException("Chart.ColoredText: every value is NaN or infinite; there is nothing to colour.", nameof(values));
        return new TextChart(text, v) { ColorMap = colorMap };
    }

    /// <summary>Charts in a grid of <paramref name="rows"/> x <paramref name="columns"/>, filled row by row; cells left over stay empty.</summary>
    public static GridChart Grid(int rows, int columns, params Chart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (rows < 1 || columns < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Chart.Grid needs at least one row and one column, got {rows} x {columns}.");
        if (charts.Length == 0) throw new ArgumentException("Chart.Grid needs at least one chart.", nameof(charts));
        if (charts.Length > rows * columns)
            throw new ArgumentException($"Chart.Grid: {charts.Length} charts do not fit in {rows} x {columns} cells.", nameof(charts));
        if (charts.Any(c => c is null)) throw new ArgumentException("Chart.Grid: a chart is null.", nameof(charts));
        return new GridChart(rows, columns, charts.ToArray());
    }

    private static XYSeries Series<TX, TY>(string kind, IEnumerable<TX> xs, IEnumerable<TY> ys, string? name, SeriesMode mode,
        string? color, bool dashed)
        where TX : INumberBase<TX> where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        var x = xs.Select(double.CreateSaturating).ToArray();
        var y = ys.Select(double.CreateSaturating).ToArray();
        var label = name is null ? "the series" : $"the series '{name}'";
        if (x.Length != y.Length)
            throw new ArgumentException($"Chart.{kind}: {label} has {x.Length} x values but {y.Length} y values; pass one x per y.");
        if (x.Length == 0)
            throw new ArgumentException($"Chart.{kind}: {label} is empty; pass at least one point.");
        if (!Enumerable.Range(0, x.Length).Any(i => double.IsFinite(x[i]) && double.IsFinite(y[i])))
            throw new ArgumentException($"Chart.{kind}: all {x.Length} points of {label} have a NaN or infinite coordinate; there is nothing to draw.");
        if (color is not null) Rgb.Parse(color);
        return new XYSeries(name, x, y, mode, color, dashed);
    }

    private static BarSeries BarValues<T>(IReadOnlyList<string> categories, string? name, IEnumerable<T> values, string? color)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.Select(double.CreateSaturating).ToArray();
        var label = name is null ? "the values" : $"the series '{name}'";
        if (v.Length != categories.Count)
            throw new ArgumentException($"Chart.Bar: {label} has {v.Length} values for {categories.Count} categories; pass one value per category.");
        if (!v.Any(double.IsFinite))
            throw new ArgumentException($"Chart.Bar: all values of {label} are NaN or infinite; there is nothing to draw.");
        if (color is not null) Rgb.Parse(color);
        return new BarSeries(name, v, color);
    }

    private static string[] CategoryLabels(IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var labels = categories.Select(c => c ?? "").ToArray();
        if (labels.Length == 0) throw new ArgumentException("Chart.Bar: there are no categories; pass at least one.", nameof(categories));
        return labels;
    }

    private static string[] Numbered(int count) =>
        Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    internal static string[] Labels(IEnumerable<string> labels, int count, string what)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var array = labels.Select(l => l ?? "").ToArray();
        if (array.Length != count)
            throw new ArgumentException($"Chart.Heatmap: {array.Length} {what} labels for {count} {what}s; pass one label per {what}.");
        return array;
    }
}
