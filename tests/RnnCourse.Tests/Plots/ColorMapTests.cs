using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class ColorMapTests
{
    [Fact]
    public void ViridisRunsFromDarkPurpleToYellow()
    {
        Assert.Equal("#440154", ColorMap.Viridis.Map(0).Hex);
        Assert.Equal("#fde725", ColorMap.Viridis.Map(1).Hex);
        Assert.Equal("#21918c", ColorMap.Viridis.Map(0.5).Hex);
    }

    [Fact]
    public void ViridisGetsLighterAllTheWay()
    {
        var luminance = Enumerable.Range(0, 101).Select(i => ColorMap.Viridis.Map(i / 100.0).Luminance).ToArray();
        for (var i = 1; i < luminance.Length; i++)
            Assert.True(luminance[i] > luminance[i - 1], $"viridis is not monotonic at {i / 100.0}");
    }

    [Fact]
    public void DivergingIsBlueForNegativeWhiteForZeroRedForPositive()
    {
        var map = ColorMap.Diverging;
        Assert.True(map.IsDiverging);
        Assert.Equal("#053061", map.Map(0).Hex);
        Assert.Equal("#f7f7f7", map.Map(0.5).Hex);
        Assert.Equal("#67001f", map.Map(1).Hex);
        var low = map.Map(0.1);
        var high = map.Map(0.9);
        Assert.True(low.B > low.R, "the negative end is blue");
        Assert.True(high.R > high.B, "the positive end is red");
    }

    [Fact]
    public void BluesRunsFromWhiteToDarkBlue()
    {
        Assert.Equal("#f7fbff", ColorMap.Blues.Map(0).Hex);
        Assert.Equal("#08306b", ColorMap.Blues.Map(1).Hex);
    }

    [Fact]
    public void ValuesOutsideTheUnitIntervalAreClamped()
    {
        Assert.Equal(ColorMap.Viridis.Map(0), ColorMap.Viridis.Map(-3));
        Assert.Equal(ColorMap.Viridis.Map(1), ColorMap.Viridis.Map(42));
        Assert.Throws<ArgumentException>(() => ColorMap.Viridis.Map(double.NaN));
    }

    [Fact]
    public void CustomAndReversedMaps()
    {
        var map = ColorMap.FromColors("grey", false, "#000", "#ffffff");
        Assert.Equal("#000000", map.Map(0).Hex);
        Assert.Equal("#808080", map.Map(0.5).Hex);
        Assert.Equal("#ffffff", map.Reversed().Map(0).Hex);
        Assert.Throws<FormatException>(() => ColorMap.FromColors("bad", false, "#12", "#fff"));
        Assert.Throws<ArgumentException>(() => ColorMap.FromColors("one", false, "#fff"));
    }

    [Fact]
    public void PaletteCyclesThroughTenDistinctColours()
    {
        Assert.Equal(10, Palette.Category10.Distinct().Count());
        Assert.Equal(Palette.Color(0), Palette.Color(10));
        Assert.All(Palette.Category10, c => Rgb.Parse(c));
    }
}
