namespace RnnCourse.Plots;

/// <summary>One series of a <see cref="BarChart"/>: a value per category.</summary>
public sealed record BarSeries
{
    internal BarSeries(string? name, double[] values, string? color)
    {
        Name = name;
        Values = values;
        Color = color;
    }

    public string? Name { get; init; }

    /// <summary>One value per category; NaN or infinite values draw no bar.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>A #rrggbb colour, or null for the palette colour of the series' position.</summary>
    public string? Color { get; init; }
}
