namespace RnnCourse.Plots;

/// <summary>How a chart that colours values picks its colour map and the values at the map's two ends.</summary>
internal static class ColorScale
{
    /// <summary>The chosen map, else <see cref="ColorMap.Diverging"/> for data with both signs and <see cref="ColorMap.Viridis"/> otherwise.</summary>
    public static ColorMap MapFor(ColorMap? chosen, IEnumerable<double> finiteValues) =>
        chosen ?? (finiteValues.Any(v => v < 0) && finiteValues.Any(v => v > 0) ? ColorMap.Diverging : ColorMap.Viridis);

    /// <summary>The chosen range, else the data's (symmetric about zero for a diverging map), widened to round numbers.</summary>
    public static (double Min, double Max) RangeFor((double Min, double Max)? chosen, ColorMap map, IEnumerable<double> finiteValues)
    {
        if (chosen is { } range) return range;
        double min = finiteValues.Min(), max = finiteValues.Max();
        if (map.IsDiverging)
        {
            double extreme = Math.Max(Math.Abs(min), Math.Abs(max));
            (min, max) = (-extreme, extreme);
        }
        return Ticks.Widen(min, max);
    }
}
