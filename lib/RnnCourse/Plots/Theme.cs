namespace RnnCourse.Plots;

/// <summary>Fonts, sizes and neutral colours shared by every chart, so they all look alike.</summary>
internal static class Theme
{
    // Helvetica and Arial share metrics with Liberation Sans; TextMetrics estimates widths for them.
    public const string FontFamily = "Helvetica, Arial, 'Liberation Sans', sans-serif";

    public const double TitleSize = 16;
    public const double SubplotTitleSize = 14;
    public const double LabelSize = 13;
    public const double TickSize = 11;
    public const double LegendSize = 12;

    public const string Background = "#ffffff";
    public const string TitleColor = "#1a1a1a";
    public const string LabelColor = "#333333";
    public const string TickColor = "#555555";
    public const string AxisColor = "#6b6b6b";
    public const string GridColor = "#e8e8e8";
    public const string MinorGridColor = "#f3f3f3";
    public const string MissingColor = "#e6e6e6";

    public const double TickLength = 4;
    public const double LineWidth = 2;
    public const double MarkerRadius = 3;
    public const double ScatterRadius = 3.5;
}
