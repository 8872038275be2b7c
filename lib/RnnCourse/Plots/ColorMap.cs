namespace RnnCourse.Plots;

/// <summary>
/// A continuous colour map from [0, 1] to colours, interpolated between evenly spaced stops.
/// Use <see cref="Viridis"/> for magnitudes (norms, probabilities, counts) and <see cref="Diverging"/>
/// for signed values such as weights, centred on zero.
/// </summary>
public sealed class ColorMap
{
    private readonly Rgb[] _stops;

    private ColorMap(string name, bool isDiverging, Rgb[] stops)
    {
        Name = name;
        IsDiverging = isDiverging;
        _stops = stops;
    }

    /// <summary>
    /// Viridis (van der Walt and Smith, matplotlib's default): dark purple to yellow, perceptually uniform,
    /// readable by colour-blind readers and in greyscale.
    /// </summary>
    public static ColorMap Viridis { get; } = FromColors("viridis", false,
        "#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725");

    /// <summary>ColorBrewer's RdBu reversed: blue for negative, near-white for zero, red for positive.</summary>
    public static ColorMap Diverging { get; } = FromColors("diverging (blue-white-red)", true,
        "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f");

    /// <summary>ColorBrewer's Blues: white to dark blue, for values from zero up such as probabilities.</summary>
    public static ColorMap Blues { get; } = FromColors("blues", false,
        "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b");

    /// <summary>A colour map through the given <c>#rrggbb</c> stops, evenly spaced from 0 to 1.</summary>
    /// <param name="name">A name for legends and summaries.</param>
    /// <param name="stops">Two or more colours as #rrggbb.</param>
    /// <param name="isDiverging">True when the middle stop stands for zero; the range is then made symmetric.</param>
    public static ColorMap FromColors(string name, bool isDiverging, params string[] stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Length < 2) throw new ArgumentException($"A colour map needs at least two colours, got {stops.Length}.", nameof(stops));
        return new ColorMap(name, isDiverging, stops.Select(Rgb.Parse).ToArray());
    }

    public string Name { get; }

    /// <summary>Whether the map is centred on zero (charts then use a range symmetric about zero).</summary>
    public bool IsDiverging { get; }

    /// <summary>The colour at <paramref name="t"/>, clamped to [0, 1].</summary>
    public Rgb Map(double t)
    {
        if (double.IsNaN(t)) throw new ArgumentException("Cannot map NaN to a colour; skip missing values before mapping.", nameof(t));
        var position = Math.Clamp(t, 0, 1) * (_stops.Length - 1);
        var index = Math.Min((int)position, _stops.Length - 2);
        return Rgb.Lerp(_stops[index], _stops[index + 1], position - index);
    }

    /// <summary>The same colours in the opposite order.</summary>
    public ColorMap Reversed() => new(Name + " (reversed)", IsDiverging, Enumerable.Reverse(_stops).ToArray());

    public override string ToString() => Name;
}
