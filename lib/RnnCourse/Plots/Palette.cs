namespace RnnCourse.Plots;

/// <summary>Colours for series, in the order charts assign them (matplotlib's and D3's category10).</summary>
public static class Palette
{
    public static IReadOnlyList<string> Category10 { get; } =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    /// <summary>The colour for the series at <paramref name="index"/>, cycling after ten.</summary>
    public static string Color(int index) => Category10[index % Category10.Count];
}
