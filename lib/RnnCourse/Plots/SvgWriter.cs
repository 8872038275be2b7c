using System.Security;
using System.Text;
using static RnnCourse.Plots.NumberFormat;

namespace RnnCourse.Plots;

/// <summary>Where a text's x coordinate sits: at its start, middle or end.</summary>
internal enum Anchor { Start, Middle, End }

/// <summary>Where a text's y coordinate sits: on its baseline, at its vertical centre, or at its top.</summary>
internal enum Baseline { Alphabetic, Middle, Hanging }

/// <summary>
/// Writes a self-contained SVG document element by element. Everything is a presentation attribute
/// (no &lt;style&gt;, no script, no external references, no ids), so the output survives HTML sanitisers
/// such as GitHub's notebook view and renders offline in any browser.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _svg = new();
    private int _open;

    public SvgWriter(double width, double height, string? label)
    {
        _svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
            .Append(" width=\"").Append(Coordinate(width)).Append("\" height=\"").Append(Coordinate(height)).Append('"')
            .Append(" viewBox=\"0 0 ").Append(Coordinate(width)).Append(' ').Append(Coordinate(height)).Append('"')
            .Append(" font-family=\"").Append(Theme.FontFamily).Append("\" role=\"img\"");
        if (!string.IsNullOrEmpty(label)) _svg.Append(" aria-label=\"").Append(Escape(label)).Append('"');
        _svg.Append(">\n");
        Rect(0, 0, width, height, Theme.Background, cls: "background");
    }

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null, double strokeWidth = 1,
        string? cls = null, string? tooltip = null, double opacity = 1)
    {
        _svg.Append("<rect");
        Class(cls);
        Attr("x", x).Attr("y", y).Attr("width", Math.Max(0, w)).Attr("height", Math.Max(0, h)).Attr("fill", fill);
        if (opacity < 1) Attr("fill-opacity", opacity);
        if (stroke is not null) Attr("stroke", stroke).Attr("stroke-width", strokeWidth);
        Close("rect", tooltip);
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? cls = null, string? dash = null)
    {
        _svg.Append("<line");
        Class(cls);
        Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2", y2).Attr("stroke", stroke).Attr("stroke-width", width);
        if (dash is not null) Attr("stroke-dasharray", dash);
        _svg.Append("/>\n");
    }

    /// <summary>A stroked path; <paramref name="square"/> ends strokes flat at their end points (butt caps) instead of rounded.</summary>
    public void Path(string d, string stroke, double width, string? cls = null, string? dash = null, string? tooltip = null, bool square = false)
    {
        _svg.Append("<path");
        Class(cls);
        Attr("d", d).Attr("fill", "none").Attr("stroke", stroke).Attr("stroke-width", width);
        if (!square) Attr("stroke-linejoin", "round").Attr("stroke-linecap", "round");
        if (dash is not null) Attr("stroke-dasharray", dash);
        Close("path", tooltip);
    }

    /// <summary>A circle; with no <paramref name="fill"/> it takes its paint from the enclosing group.</summary>
    public void Circle(double cx, double cy, double r, string? fill = null, string? stroke = null, double strokeWidth = 1,
        string? cls = null, double opacity = 1)
    {
        _svg.Append("<circle");
        Class(cls);
        Attr("cx", cx).Attr("cy", cy).Attr("r", r);
        if (fill is not null) Attr("fill", fill);
        if (opacity < 1) Attr("fill-opacity", opacity);
        if (stroke is not null) Attr("stroke", stroke).Attr("stroke-width", strokeWidth);
        _svg.Append("/>\n");
    }

    /// <summary>
    /// A single line of text; <paramref name="rotate"/> turns it (degrees, clockwise) about its anchor point and
    /// <paramref name="superscript"/> follows it raised and smaller (an exponent).
    /// </summary>
    public void Text(double x, double y, string text, double size, string fill, Anchor anchor = Anchor.Start,
        Baseline baseline = Baseline.Alphabetic, double rotate = 0, bool bold = false, string? cls = null, string? superscript = null)
    {
        _svg.Append("<text");
        Class(cls);
        Attr("x", x).Attr("y", y);
        // dy shifts are understood by every renderer, unlike dominant-baseline.
        if (baseline == Baseline.Middle) Attr("dy", "0.35em");
        else if (baseline == Baseline.Hanging) Attr("dy", "0.8em");
        Attr("font-size", size).Attr("fill", fill);
        if (anchor != Anchor.Start) Attr("text-anchor", anchor == Anchor.Middle ? "middle" : "end");
        if (bold) Attr("font-weight", "bold");
        if (rotate != 0) Attr("transform", $"rotate({Coordinate(rotate)} {Coordinate(x)} {Coordinate(y)})");
        _svg.Append('>').Append(Escape(text));
        if (superscript is not null)
        {
            _svg.Append("<tspan");
            Attr("dy", -0.45 * size).Attr("font-size", size * Tick.SuperscriptScale);
            _svg.Append('>').Append(Escape(superscript)).Append("</tspan>");
        }
        _svg.Append("</text>\n");
    }

    /// <summary>
    /// One line of text in runs of their own colour (tspans), stretched or squeezed to exactly <paramref name="length"/>
    /// pixels (textLength), so a monospaced line lines up with a grid of cells whatever font the viewer has.
    /// </summary>
    public void TextRuns(double x, double y, IReadOnlyList<(string Text, string Fill)> runs, double size, double length, string fontFamily, string? cls = null)
    {
        _svg.Append("<text");
        Class(cls);
        Attr("x", x).Attr("y", y).Attr("font-size", size).Attr("font-family", fontFamily)
            .Attr("textLength", length).Attr("lengthAdjust", "spacingAndGlyphs");
        _svg.Append('>');
        foreach (var (text, fill) in runs)
        {
            _svg.Append("<tspan");
            Attr("fill", fill);
            _svg.Append('>').Append(Escape(text)).Append("</tspan>");
        }
        _svg.Append("</text>\n");
    }

    /// <summary>
    /// Starts a group. Paint given here is inherited by the elements inside, which keeps repeated shapes
    /// (markers, cells) short; <paramref name="transform"/> places and scales the content.
    /// </summary>
    /// <param name="cls">A class name that marks what the group holds.</param>
    /// <param name="crisp">Turns off anti-aliasing of shape edges, so adjacent cells show no hairline seams.</param>
    /// <param name="fill">Inherited fill colour.</param>
    /// <param name="stroke">Inherited stroke colour.</param>
    /// <param name="strokeWidth">Inherited stroke width.</param>
    /// <param name="opacity">Inherited fill opacity.</param>
    /// <param name="transform">An SVG transform, for example "translate(10 20) scale(4 4)".</param>
    public void OpenGroup(string? cls = null, bool crisp = false, string? fill = null, string? stroke = null, double? strokeWidth = null,
        double opacity = 1, string? transform = null)
    {
        _svg.Append("<g");
        Class(cls);
        if (crisp) Attr("shape-rendering", "crispEdges");
        if (fill is not null) Attr("fill", fill);
        if (opacity < 1) Attr("fill-opacity", opacity);
        if (stroke is not null) Attr("stroke", stroke);
        if (strokeWidth is { } width) Attr("stroke-width", width);
        if (transform is not null) Attr("transform", transform);
        _svg.Append(">\n");
        _open++;
    }

    /// <summary>
    /// Starts a nested viewport that clips its content to <paramref name="box"/>; content keeps the outer
    /// coordinates. Clipping this way needs no clipPath id, which sanitisers rename or drop.
    /// </summary>
    public void OpenClip(Box box)
    {
        _svg.Append("<svg");
        Attr("x", box.X).Attr("y", box.Y).Attr("width", box.W).Attr("height", box.H)
            .Attr("viewBox", $"{Coordinate(box.X)} {Coordinate(box.Y)} {Coordinate(box.W)} {Coordinate(box.H)}")
            .Attr("overflow", "hidden");
        _svg.Append(">\n");
        _open++;
    }

    public void CloseClip() => CloseElement("</svg>\n");

    public void CloseGroup() => CloseElement("</g>\n");

    /// <summary>The finished document.</summary>
    public string Finish()
    {
        if (_open != 0) throw new InvalidOperationException($"{_open} group(s) are still open.");
        return _svg.Append("</svg>").ToString();
    }

    private void CloseElement(string tag)
    {
        if (_open == 0) throw new InvalidOperationException("No group is open.");
        _open--;
        _svg.Append(tag);
    }

    // A tooltip is a <title> child, which browsers show on hover.
    private void Close(string element, string? tooltip)
    {
        if (tooltip is null) _svg.Append("/>\n");
        else _svg.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(element).Append(">\n");
    }

    private void Class(string? cls)
    {
        if (cls is not null) Attr("class", cls);
    }

    private SvgWriter Attr(string name, double value) => Attr(name, Coordinate(value));

    private SvgWriter Attr(string name, string value)
    {
        _svg.Append(' ').Append(name).Append("=\"").Append(Escape(value)).Append('"');
        return this;
    }

    private static string Escape(string text) => SecurityElement.Escape(StripControl(text))!;

    // XML 1.0 forbids most control characters even when escaped.
    private static string StripControl(string text) =>
        text.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r') ? new string(text.Where(c => c >= ' ').ToArray()) : text;
}
