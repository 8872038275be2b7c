using System.Globalization;
using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class NumberFormatTests
{
    [Theory]
    [InlineData(0.2, -1, 1, "0.2")]
    [InlineData(0.05, -2, 1, "0.05")]
    [InlineData(0.1, -2, 1, "0.10")]
    [InlineData(-2.5, -1, 5, "−2.5")]
    [InlineData(2000, 3, 10000, "2000")]
    [InlineData(0, 3, 10000, "0")]
    [InlineData(2500000, 5, 3e6, "2.5e6")]
    [InlineData(3e-7, -7, 1e-6, "3e-7")]
    [InlineData(-1.5e-8, -9, 1e-8, "−1.5e-8")]
    public void TickLabelsHaveTheDecimalsTheStepNeeds(double value, int stepExponent, double largest, string expected) =>
        Assert.Equal(expected, NumberFormat.Tick(value, stepExponent, largest));

    [Theory]
    [InlineData(0.123456, "0.123")]
    [InlineData(12.3456, "12.3")]
    [InlineData(0.25, "0.25")]
    [InlineData(1, "1")]
    [InlineData(-0.5, "−0.5")]
    [InlineData(1234567, "1.23e6")]
    [InlineData(0.00001234, "1.23e-5")]
    [InlineData(double.NaN, "NaN")]
    public void CompactValuesHaveAboutThreeSignificantDigits(double value, string expected) =>
        Assert.Equal(expected, NumberFormat.Compact(value));

    [Fact]
    public void OutputIgnoresTheCurrentCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NegativeSign = "~";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("12.5", NumberFormat.Coordinate(12.5));
            Assert.Equal("−0.5", NumberFormat.Tick(-0.5, -1, 1));
            var svg = Gallery.LossCurves().ToSvg();
            Assert.DoesNotContain("~", svg);
            Assert.Matches("x=\"[0-9]+\\.[0-9]+\"", svg);
            Svg.Parse(svg).Descendants().SelectMany(e => e.Attributes())
                .Where(a => a.Name.LocalName is "x" or "y" or "width" or "height" or "x1" or "y2" or "cx" or "r")
                .ToList()
                .ForEach(a => double.Parse(a.Value, CultureInfo.InvariantCulture));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
