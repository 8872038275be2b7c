namespace RnnCourse.Plots;

/// <summary>
/// What an axis shows, before its length is known: given the pixels available, it picks a scale with as
/// many ticks as fit without crowding.
/// </summary>
internal abstract record Axis(string? Label)
{
    public abstract Scale Create(double length, bool horizontal);

    /// <summary>Whether the tick labels of a horizontal axis of this length are turned 45 degrees to fit.</summary>
    public virtual bool RotatesLabels(double length) => false;
}

/// <summary>A numeric axis over [Min, Max] of the data, linear or logarithmic, optionally pinned to a range.</summary>
internal sealed record NumericAxis(double Min, double Max, bool Log, (double Min, double Max)? Range, string? Label) : Axis(Label)
{
    // Log axes label decades with short labels, so they can be denser.
    private double MinSpacing(bool horizontal) => (horizontal, Log) switch
    {
        (true, false) => 80,
        (false, false) => 46,
        (true, true) => 50,
        (false, true) => 28,
    };

    private const double LabelGap = 12;

    public override Scale Create(double length, bool horizontal)
    {
        var maxTicks = Math.Max(2, (int)(length / MinSpacing(horizontal)) + 1);
        while (true)
        {
            Scale scale = Log ? LogScale.Create(Min, Max, maxTicks, Range) : LinearScale.Create(Min, Max, maxTicks, Range);
            if (maxTicks == 2 || scale.Ticks.Count < 2 || !Crowded(scale, length, horizontal)) return scale;
            maxTicks = Math.Min(maxTicks, scale.Ticks.Count) - 1;
        }
    }

    private static bool Crowded(Scale scale, double length, bool horizontal)
    {
        var ticks = scale.Ticks;
        for (var i = 1; i < ticks.Count; i++)
        {
            var spacing = (ticks[i].Fraction - ticks[i - 1].Fraction) * length;
            var needed = horizontal
                ? (ticks[i].Width(Theme.TickSize) + ticks[i - 1].Width(Theme.TickSize)) / 2 + LabelGap
                : TextMetrics.LineHeight(Theme.TickSize) + 4;
            if (spacing < needed) return true;
        }
        return false;
    }
}

/// <summary>A category axis: one band per label (reversed, the first label sits at the top of a vertical axis, as matrix rows do).</summary>
internal sealed record CategoryAxis : Axis
{
    private const double RotatedSpacing = 17, MaxLabelWidth = 150;

    public CategoryAxis(IReadOnlyList<string> labels, bool reversed, string? label) : base(label)
    {
        Labels = labels.Select(l => TextMetrics.Fit(l, Theme.TickSize, MaxLabelWidth)).ToArray();
        Reversed = reversed;
    }

    /// <summary>The labels as shown: long ones shortened with an ellipsis.</summary>
    public IReadOnlyList<string> Labels { get; }

    public bool Reversed { get; }

    public override Scale Create(double length, bool horizontal)
    {
        double spacing = horizontal
            ? (RotatesLabels(length) ? RotatedSpacing : WidestLabel + 8)
            : TextMetrics.LineHeight(Theme.TickSize) * (Labels.Count * TextMetrics.LineHeight(Theme.TickSize) > length ? 1.6 : 1);
        return new BandScale(Labels, Reversed, maxLabels: Math.Max(1, (int)(length / spacing)));
    }

    /// <summary>
    /// Labels turn when they are too wide to sit side by side but every one of them fits turned; when even
    /// turned labels would have to be thinned out (long index axes), they stay level and every k-th shows.
    /// </summary>
    public override bool RotatesLabels(double length) =>
        (WidestLabel + 8) * Labels.Count > length && RotatedSpacing * Labels.Count <= length;

    private double WidestLabel => Labels.Count == 0 ? 0 : Labels.Max(l => TextMetrics.Width(l, Theme.TickSize));
}
