using System.Globalization;
using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class TicksTests
{
    public static TheoryData<double, double, int> Ranges => new()
    {
        { 0, 1, 6 },
        { 0, 0.93, 6 },
        { -3.7, 12.1, 8 },
        { 1.3, 5.6, 7 },
        { 0.0012, 0.0049, 5 },
        { -1e-9, 3e-9, 6 },
        { 1e-300, 5e-300, 6 },
        { -1e300, 1e300, 6 },
        { 1e9, 1e9 + 1e-3, 6 },
        { 5, 5, 6 },
        { 0, 0, 6 },
        { -2, -2, 4 },
        { -7e6, -6.5e6, 6 },
        { -1, 1e6, 5 },
        { 0.999, 1.001, 6 },
        { 123456, 123457, 3 },
        { 0, 10000, 7 },
        { 1e-7, 2e-7, 2 },
        { -double.MaxValue / 4, double.MaxValue / 4, 6 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void LooseTicksAreNiceCoverTheDataAndFitTheBudget(double min, double max, int maxTicks)
    {
        var ticks = Ticks.Linear(min, max, maxTicks);

        AssertNice(ticks, maxTicks);
        Assert.True(ticks.Min <= min && ticks.Max >= max, $"[{ticks.Min}, {ticks.Max}] does not cover [{min}, {max}]");
        Assert.Equal(ticks.Min, ticks.Values[0]);
        Assert.Equal(ticks.Max, ticks.Values[^1]);
        Assert.True(ticks.Values.Length >= 2, "a loose axis has a tick at each end");
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void TightTicksStayInsideTheGivenRange(double min, double max, int maxTicks)
    {
        if (min == max) max = min + (min == 0 ? 1 : Math.Abs(min)); // a pinned range has width
        var ticks = Ticks.Linear(min, max, maxTicks, loose: false);

        AssertNice(ticks, maxTicks);
        Assert.Equal(min, ticks.Min);
        Assert.Equal(max, ticks.Max);
        Assert.All(ticks.Values, v => Assert.InRange(v, min - Math.Abs(min) * 1e-12, max + Math.Abs(max) * 1e-12));
    }

    [Fact]
    public void RandomRangesOfEveryMagnitudeGetNiceTicks()
    {
        var random = new Random(20240611);
        for (var trial = 0; trial < 3000; trial++)
        {
            var magnitude = Math.Pow(10, random.Next(-30, 31));
            var a = (random.NextDouble() * 2 - 1) * magnitude;
            var b = a + random.NextDouble() * magnitude * Math.Pow(10, -random.Next(0, 6));
            var maxTicks = random.Next(2, 12);
            var ticks = Ticks.Linear(a, b, maxTicks);
            AssertNice(ticks, maxTicks);
            Assert.True(ticks.Min <= a && ticks.Max >= b, $"trial {trial}: [{ticks.Min}, {ticks.Max}] does not cover [{a}, {b}]");
        }
    }

    [Fact]
    public void TicksAreTheDecimalsAReaderExpects()
    {
        Assert.Equal(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }, Ticks.Linear(0, 1, 6).Values);
        Assert.Equal(new[] { 0.1, 0.2, 0.3 }, Ticks.Linear(0.1, 0.3, 3).Values);
        Assert.Equal(new[] { -5.0, 0, 5, 10, 15 }, Ticks.Linear(-3.7, 12.1, 8).Values);
        Assert.Equal(new[] { 0, 2000.0, 4000, 6000, 8000, 10000 }, Ticks.Linear(0, 10000, 7).Values);
    }

    [Fact]
    public void ASingleValueGetsARangeAroundIt()
    {
        var ticks = Ticks.Linear(5, 5, 6);
        Assert.Contains(5.0, ticks.Values);
        Assert.True(ticks.Min < 5 && ticks.Max > 5);

        var zero = Ticks.Linear(0, 0, 6);
        Assert.Contains(0.0, zero.Values);
        Assert.True(zero.Min < 0 && zero.Max > 0);
    }

    [Theory]
    [InlineData(0.13, 2, -1)]
    [InlineData(0.2, 2, -1)]
    [InlineData(3, 5, 0)]
    [InlineData(7, 1, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(1e-300, 1, -300)]
    [InlineData(4.2e12, 5, 12)]
    public void NiceStepRoundsUpToOneTwoOrFive(double rough, int mantissa, int exponent) =>
        Assert.Equal((mantissa, exponent), Ticks.NiceStep(rough));

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(0, double.PositiveInfinity)]
    public void NonFiniteBoundsAreRejected(double min, double max) =>
        Assert.Throws<ArgumentException>(() => Ticks.Linear(min, max, 6));

    [Theory]
    [InlineData(1e-5, 1, 8)]
    [InlineData(0.02, 3000, 8)]
    [InlineData(1.5, 9.3, 6)]
    [InlineData(0.3, 0.8, 6)]
    [InlineData(1e-30, 1e30, 7)]
    [InlineData(7, 7, 5)]
    [InlineData(1e-310, 1e300, 10)]
    public void LogTicksArePowersOfTenOrTheirOneTwoFiveMultiples(double min, double max, int maxTicks)
    {
        var ticks = Ticks.Log(min, max, maxTicks);

        Assert.True(ticks.Min <= min * (1 + 1e-12) && ticks.Max >= max * (1 - 1e-12), $"[{ticks.Min}, {ticks.Max}] does not cover [{min}, {max}]");
        Assert.InRange(ticks.Major.Length, 2, maxTicks + 1);
        Assert.Equal(ticks.Major.Order(), ticks.Major);
        foreach (var v in ticks.Major) Assert.Contains(Mantissa(v), new[] { 1, 2, 5 });
        Assert.All(ticks.Minor, v => Assert.InRange(v, ticks.Min, ticks.Max));
        Assert.Empty(ticks.Minor.Intersect(ticks.Major));
    }

    [Fact]
    public void LongLogRangesLabelEveryKthDecade()
    {
        var ticks = Ticks.Log(1e-30, 1e30, 7);

        var exponents = ticks.Major.Select(v => (int)Math.Round(Math.Log10(v))).ToArray();
        Assert.All(ticks.Major, v => Assert.Equal(1, Mantissa(v)));
        var strides = exponents.Zip(exponents.Skip(1), (a, b) => b - a).Distinct().ToArray();
        Assert.Single(strides);
        Assert.True(strides[0] > 1);
        Assert.Equal(ticks.Min, ticks.Major[0], 1e-12 * ticks.Min);
    }

    [Fact]
    public void ShortLogRangesAddTwoAndFive()
    {
        var ticks = Ticks.Log(0.3, 0.8, 6);
        Assert.Equal(new[] { 0.1, 0.2, 0.5, 1.0 }, ticks.Major);
        Assert.Equal(0.1, ticks.Min);
        Assert.Equal(1.0, ticks.Max);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 10)]
    [InlineData(1, double.NaN)]
    public void LogTicksNeedPositiveBounds(double min, double max) =>
        Assert.Throws<ArgumentException>(() => Ticks.Log(min, max, 6));

    private static void AssertNice(LinearTicks ticks, int maxTicks)
    {
        Assert.InRange(ticks.Values.Length, 1, Math.Max(3, maxTicks));
        Assert.Contains(Mantissa(ticks.Step), new[] { 1, 2, 5 });
        Assert.Equal(ticks.Values.Order(), ticks.Values);
        foreach (var v in ticks.Values)
        {
            // Each tick is the double nearest a short decimal: no more decimals than the step has.
            Assert.True(Decimals(v) <= Math.Max(0, -ticks.StepExponent), $"{v:R} has more decimals than the step {ticks.Step:R}");
        }
        var resolution = ticks.Values.Max(Math.Abs) * 1e-15;
        for (var i = 1; i < ticks.Values.Length; i++)
        {
            var gap = ticks.Values[i] - ticks.Values[i - 1];
            if (double.IsFinite(gap)) Assert.Equal(ticks.Step, gap, ticks.Step * 1e-9 + resolution);
        }
    }

    /// <summary>How many digits after the decimal point the shortest round-trip form of <paramref name="value"/> has.</summary>
    private static int Decimals(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture).ToUpperInvariant();
        var exponent = 0;
        if (text.IndexOf('E') is var e and >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var point = text.IndexOf('.');
        var fraction = point < 0 ? 0 : text.Length - point - 1;
        return fraction - exponent;
    }

    /// <summary>The leading digit of a value written as m × 10^k with a single non-zero digit m.</summary>
    private static int Mantissa(double value)
    {
        var exponent = Math.Floor(Math.Log10(Math.Abs(value)) + 1e-9);
        var m = Math.Abs(value) / Math.Pow(10, exponent);
        var rounded = (int)Math.Round(m);
        Assert.True(Math.Abs(m - rounded) < 1e-6, $"{value} is not a single digit times a power of ten");
        return rounded;
    }
}
