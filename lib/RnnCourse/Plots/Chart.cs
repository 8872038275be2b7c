using RnnCourse.Display;
using RnnCourse.Files;

namespace RnnCourse.Plots;

/// <summary>
/// A chart that renders to self-contained SVG: no script, no web fonts, no external references, so it
/// shows offline, in VS Code's Polyglot notebooks and in GitHub's notebook view. Create one with the
/// static factories (<see cref="Line{TY}"/>, <see cref="Scatter{TX, TY}"/>, <see cref="Bar{T}(IEnumerable{string}, IEnumerable{T}, string?, string?)"/>,
/// <see cref="Heatmap(double[,], IEnumerable{string}?, IEnumerable{string}?, ColorMap?, bool?)"/>,
/// <see cref="Grid"/>), refine it with the <c>With...</c> methods (each returns a new chart), then let a
/// notebook display it or call <see cref="ToSvg"/>, <see cref="ToHtml"/> or <see cref="SaveSvg"/>.
/// </summary>
/// <example>
/// <code>
/// Chart.Combine(
///         Chart.Line(history.Steps, history.TrainLoss, name: "train"),
///         Chart.Line(history.Steps, history.ValidLoss, name: "valid"))
///     .WithTitle("Cross-entropy")
///     .WithXLabel("step").WithYLabel("loss (nats)").WithLogY()
/// </code>
/// </example>
[TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
public abstract partial record Chart
{
    private protected Chart() { }

    /// <summary>The title drawn above the chart, or null for none.</summary>
    public string? Title { get; init; }

    /// <summary>Width in pixels; null uses the chart kind's default.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels; null uses the chart kind's default.</summary>
    public int? Height { get; init; }

    /// <summary>The size used when <see cref="Width"/> or <see cref="Height"/> is not set.</summary>
    private protected abstract (int Width, int Height) DefaultSize { get; }

    /// <summary>Draws everything but the title inside <paramref name="area"/>.</summary>
    private protected abstract void RenderBody(SvgWriter svg, Box area);

    /// <summary>One line saying what the chart shows, used as its plain-text form.</summary>
    private protected abstract string Describe();

    /// <summary>The rendered size in pixels.</summary>
    public (int Width, int Height) Size => (Width ?? DefaultSize.Width, Height ?? DefaultSize.Height);

    /// <summary>The chart as an <c>&lt;svg&gt;</c> element, ready to embed in HTML or save as a .svg file.</summary>
    public string ToSvg()
    {
        var (width, height) = Size;
        var svg = new SvgWriter(width, height, Title);
        Render(svg, new Box(0, 0, width, height), Theme.TitleSize);
        return svg.Finish();
    }

    /// <summary>The chart as an HTML fragment holding the inline SVG; what notebooks display.</summary>
    public string ToHtml() => $"<div class=\"rnn-course-chart\">{ToSvg()}</div>";

    /// <summary>
    /// Writes the SVG to <paramref name="path"/> (creating its folder) atomically: a reader never sees a half-written file.
    /// </summary>
    public void SaveSvg(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, ToSvg());
    }

    /// <summary>Renders title and body into <paramref name="area"/>; grids call this for each cell.</summary>
    internal void Render(SvgWriter svg, Box area, double titleSize)
    {
        var body = area;
        if (!string.IsNullOrEmpty(Title))
        {
            var line = TextMetrics.LineHeight(titleSize);
            svg.Text(area.CenterX, area.Y + 8 + titleSize * 0.85, TextMetrics.Fit(Title, titleSize, area.W - 16, bold: true),
                titleSize, Theme.TitleColor, Anchor.Middle, bold: true, cls: "title");
            body = area.Inset(0, line + 10, 0, 0);
        }
        RenderBody(svg, body.Inset(6, 6, 10, 6));
    }

    public sealed override string ToString() => Describe();
}
