using System.Net;
using System.Text;
using System.Text.Json;
using RnnCourse.Plots;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Plots;

/// <summary>
/// Renders the gallery in headless Chromium, the way a reader's notebook view does: the screenshot must show
/// a real picture, and the laid-out SVG must have every label inside its chart and no two labels overlapping.
/// Set RNN_COURSE_PLOTS_OUT to a folder to keep the page and the screenshot.
/// </summary>
public class BrowserRenderingTests(ITestOutputHelper output)
{
    private const int PageWidth = 1000;

    [SkippableFact]
    public void ScreenshotOfTheGalleryIsAPictureNotABlankPage()
    {
        if (!Requires.Tool(Chromium.IsAvailable, "chromium", output)) return;
        var charts = Gallery.All();
        var folder = OutputFolder();
        var page = WritePage(folder, charts, withProbe: false);
        var pngPath = Path.Combine(folder, "gallery.png");

        Chromium.Screenshot(page, pngPath, PageWidth, PageHeight(charts));

        var png = Png.Read(pngPath);
        output.WriteLine($"screenshot: {pngPath} ({png.Width}x{png.Height})");
        Assert.Equal(PageWidth, png.Width);
        var colours = new HashSet<int>();
        long inked = 0;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                var (r, g, b, _) = png[x, y];
                colours.Add(r << 16 | g << 8 | b);
                if (r < 235 || g < 235 || b < 235) inked++;
            }
        }
        var inkedShare = inked / (double)(png.Width * png.Height);
        output.WriteLine($"{colours.Count} distinct colours, {inkedShare:P1} of pixels inked");
        Assert.True(colours.Count > 500, $"Only {colours.Count} distinct colours: the charts did not render.");
        Assert.InRange(inkedShare, 0.05, 0.8);
        Assert.True(ContainsColour(png, ColorMap.Viridis.Map(1), tolerance: 6), "No viridis yellow: the Jacobian heatmap is missing.");
        Assert.True(ContainsColour(png, Rgb.Parse(Palette.Color(0)), tolerance: 4), "No first-series blue: the lines are missing.");
    }

    [SkippableFact]
    public void LaidOutChartsKeepLabelsInsideAndApart()
    {
        if (!Requires.Tool(Chromium.IsAvailable, "chromium", output)) return;
        var charts = Gallery.All();
        var page = WritePage(OutputFolder(), charts, withProbe: true);

        var dom = Chromium.DumpDom(page);

        var json = Between(dom, "<pre id=\"layout\">", "</pre>");
        var layout = JsonSerializer.Deserialize<ChartLayout[]>(WebUtility.HtmlDecode(json), JsonOptions)!;
        Assert.Equal(charts.Count, layout.Length);
        var problems = new List<string>();
        for (var i = 0; i < charts.Count; i++)
        {
            var (name, chart) = charts[i];
            var laid = layout[i];
            if (Math.Abs(laid.Width - chart.Size.Width) > 0.5 || Math.Abs(laid.Height - chart.Size.Height) > 0.5)
                problems.Add($"{name}: laid out {laid.Width}x{laid.Height}, expected {chart.Size}");
            var svg = Svg.Parse(chart.ToSvg());
            foreach (var (shape, counts) in laid.Shapes)
            {
                var expected = shape == "marker" ? svg.Markers().Count() : svg.WithClass(shape).Count();
                if (counts.Count != expected) problems.Add($"{name}: {counts.Count} '{shape}' laid out, {expected} in the SVG");
                if (counts.Empty > 0) problems.Add($"{name}: {counts.Empty} '{shape}' elements have an empty box");
            }
            var texts = laid.Texts.Where(t => t.Text.Trim().Length > 0).ToArray();
            foreach (var t in texts)
            {
                if (t.W <= 0 || t.H <= 0) problems.Add($"{name}: '{t.Text}' ({t.Cls}) has no size; fonts did not render");
                if (t.X < -0.5 || t.Y < -0.5 || t.X + t.W > laid.Width + 0.5 || t.Y + t.H > laid.Height + 0.5)
                    problems.Add($"{name}: '{t.Text}' ({t.Cls}) sticks out of the chart: {t}");
            }
            for (var a = 0; a < texts.Length; a++)
                for (var b = a + 1; b < texts.Length; b++)
                    if (!(texts[a].Rotated && texts[b].Rotated) && Overlap(texts[a], texts[b]) > 2)
                        problems.Add($"{name}: '{texts[a].Text}' ({texts[a].Cls}) overlaps '{texts[b].Text}' ({texts[b].Cls})");
        }
        foreach (var p in problems) output.WriteLine(p);
        Assert.Empty(problems);
    }

    private static bool ContainsColour(Png png, Rgb colour, int tolerance)
    {
        for (var i = 0; i < png.Rgba.Length; i += 4)
            if (Math.Abs(png.Rgba[i] - colour.R) <= tolerance && Math.Abs(png.Rgba[i + 1] - colour.G) <= tolerance &&
                Math.Abs(png.Rgba[i + 2] - colour.B) <= tolerance)
                return true;
        return false;
    }

    // Text boxes include the font's line gap; shrink them a little so touching lines do not count.
    private static double Overlap(TextBox a, TextBox b)
    {
        const double slack = 1.5;
        var w = Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X) - slack;
        var h = Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y) - 2 * slack;
        return w > 0 && h > 0 ? w * h : 0;
    }

    private static int PageHeight(IReadOnlyList<(string Name, Chart Chart)> charts) => charts.Sum(c => c.Chart.Size.Height + 16) + 16;

    private static string WritePage(string folder, IReadOnlyList<(string Name, Chart Chart)> charts, bool withProbe)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>charts</title></head>\n")
            .Append("<body style=\"margin:8px;background:#fff\">\n");
        foreach (var (_, chart) in charts) html.Append(chart.ToHtml()).Append('\n');
        if (withProbe) html.Append("<pre id=\"layout\"></pre>\n<script>\n").Append(Probe).Append("</script>\n");
        html.Append("</body></html>\n");
        var path = Path.Combine(folder, withProbe ? "layout.html" : "gallery.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }

    // Runs in the test page only (charts carry no script): records where every label and shape landed.
    private const string Probe = """
        const shapes = { 'series-line': '.series-line', 'marker': '.series-markers > circle', 'bar': '.bar', 'cell': '.cell',
                         'cell-runs': '.cell-runs', 'colorbar-band': '.colorbar-band' };
        // A lone point of a line is a zero-length segment drawn by its round caps: its box is empty by design.
        const isDot = e => e.tagName === 'path' && /^M[^ ]+ h0$/.test(e.getAttribute('d'));
        const result = [...document.querySelectorAll('div.rnn-course-chart > svg')].map(svg => {
          const root = svg.getBoundingClientRect();
          const texts = [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return { cls: t.getAttribute('class') || '', text: t.textContent, x: r.x - root.x, y: r.y - root.y,
                     w: r.width, h: r.height, rotated: t.hasAttribute('transform') };
          });
          const counts = {};
          for (const [name, selector] of Object.entries(shapes)) {
            const elements = [...svg.querySelectorAll(selector)];
            counts[name] = { count: elements.length,
                            empty: elements.filter(e => { const b = e.getBBox(); return !(b.width > 0 || b.height > 0) && !isDot(e); }).length };
          }
          return { width: root.width, height: root.height, texts, shapes: counts };
        });
        document.getElementById('layout').textContent = JSON.stringify(result);
        """;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, "The probe wrote no layout; did the page's script run?");
        from += start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private string OutputFolder()
    {
        var configured = Environment.GetEnvironmentVariable("RNN_COURSE_PLOTS_OUT");
        var folder = string.IsNullOrEmpty(configured)
            ? Directory.CreateTempSubdirectory("rnn-course-plots-").FullName
            : Directory.CreateDirectory(configured).FullName;
        output.WriteLine($"output folder: {folder}");
        return folder;
    }

    private sealed record ChartLayout(double Width, double Height, TextBox[] Texts, Dictionary<string, ShapeCount> Shapes);

    private sealed record TextBox(string Cls, string Text, double X, double Y, double W, double H, bool Rotated);

    private sealed record ShapeCount(int Count, int Empty);
}
