namespace RnnCourse.Plots;

/// <summary>How a series of (x, y) points is drawn.</summary>
public enum SeriesMode
{
    /// <summary>A line through the points, broken where a point is NaN or infinite.</summary>
    Lines,

    /// <summary>A dot at each point.</summary>
    Markers,

    /// <summary>A line with a dot at each point.</summary>
    LinesAndMarkers,
}

/// <summary>One series of an <see cref="XYChart"/>: its points, how they are drawn and the legend name.</summary>
public sealed record XYSeries
{
    internal XYSeries(string? name, double[] x, double[] y, SeriesMode mode, string? color, bool dashed)
    {
        Name = name;
        X = x;
        Y = y;
        Mode = mode;
        Color = color;
        Dashed = dashed;
    }

    /// <summary>The legend entry; unnamed series have none.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<double> X { get; }

    public IReadOnlyList<double> Y { get; }

    public SeriesMode Mode { get; init; }

    /// <summary>A #rrggbb colour, or null for the palette colour of the series' position.</summary>
    public string? Color { get; init; }

    /// <summary>Whether the line is dashed (useful to tell validation from training curves in print).</summary>
    public bool Dashed { get; init; }

    internal bool HasLine => Mode != SeriesMode.Markers;

    internal bool HasMarkers => Mode != SeriesMode.Lines;
}
