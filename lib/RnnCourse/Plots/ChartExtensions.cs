namespace RnnCourse.Plots;

/// <summary>Settings every kind of chart has. Each returns a changed copy and keeps the chart's type.</summary>
public static class ChartExtensions
{
    /// <summary>Sets the title drawn above the chart.</summary>
    public static T WithTitle<T>(this T chart, string? title) where T : Chart =>
        (T)((Chart)chart with { Title = title });

    /// <summary>Sets the size in pixels.</summary>
    public static T WithSize<T>(this T chart, int width, int height) where T : Chart
    {
        if (width < 50 || height < 50)
            throw new ArgumentOutOfRangeException(nameof(width), $"A chart needs at least 50 x 50 pixels, got {width} x {height}.");
        return (T)((Chart)chart with { Width = width, Height = height });
    }
}
