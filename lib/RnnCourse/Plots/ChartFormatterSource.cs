using RnnCourse.Display;

namespace RnnCourse.Plots;

/// <summary>
/// The notebook formatters for charts, found through <see cref="TypeFormatterSourceAttribute"/> on
/// <see cref="Chart"/>: HTML with the inline SVG (what notebooks show), the bare SVG, and a one-line text summary.
/// </summary>
public sealed class ChartFormatterSource
{
    public IEnumerable<TypeFormatter> CreateTypeFormatters()
    {
        yield return TypeFormatter.For<Chart>(MimeTypes.Html, chart => chart.ToHtml());
        yield return TypeFormatter.For<Chart>(MimeTypes.Svg, chart => chart.ToSvg());
        yield return TypeFormatter.For<Chart>(MimeTypes.PlainText, chart => chart.ToString());
    }
}
