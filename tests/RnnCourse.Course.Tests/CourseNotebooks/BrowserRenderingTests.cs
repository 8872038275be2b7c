using System.Net;
using System.Text.Json;
using RnnCourse.CourseTool.Tests.Support;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests.CourseNotebooks;

/// <summary>
/// Chapter 1 as a reader sees it: run in quick mode by dotnet-repl, converted by Jupyter's nbconvert to HTML, rendered by headless
/// Chromium. The screenshot must be a picture, not a blank page, and every chart and tensor table must be laid out
/// with a real size. Set RNN_COURSE_NOTEBOOKS_OUT to a folder to keep the HTML and the screenshot.
/// </summary>
public class BrowserRenderingTests(ITestOutputHelper output)
{
    private const int PageWidth = 1000;
    private const int MaxPageHeight = 24_000;

    [SkippableFact]
    public void Chapter_1_renders_with_its_charts_and_tensors_laid_out()
    {
        var nbconvert = NbConvert.Find();
        Requires.Tool("nbconvert", nbconvert is not null, output);
        Requires.Tool("chromium", Chromium.IsAvailable, output);
        Requires.ChapterRun(output);
        using var temp = new TempFolder();
        var folder = OutputFolder(temp);

        var executed = Path.Combine(folder, "01-state-machines.ipynb");
        var (exitCode, log) = ChapterRuns.RunQuick(Path.Combine(Repository.NotebooksFolder, "01-state-machines.ipynb"), folder);
        Assert.True(exitCode == 0, log);
        var outputs = Notebook.Load(executed).CodeCells.SelectMany(c => c.Outputs).ToArray();
        int charts = outputs.Count(o => o.Data.TryGetValue("text/html", out var html) && html.Contains("class=\"rnn-course-chart\"", StringComparison.Ordinal));
        int tensorTables = outputs.Sum(o => o.Data.TryGetValue("text/html", out var html) && html.Contains("class=\"rnn-course-tensor\"", StringComparison.Ordinal)
            ? CountOf(html, "<table") : 0);
        Assert.True(charts >= 4, $"chapter 1 should show at least 4 charts, its outputs have {charts}");
        Assert.True(tensorTables >= 4, $"chapter 1 should show at least 4 tensors, its outputs have {tensorTables}");

        var html = nbconvert!.ToHtml(executed, folder);
        var layout = Layout(html, folder);
        output.WriteLine($"page {layout.PageWidth}x{layout.PageHeight}: {layout.Charts.Length} charts, {layout.Tensors.Length} tensor tables");

        var problems = new List<string>();
        if (layout.Charts.Length != charts) problems.Add($"{layout.Charts.Length} charts laid out, {charts} in the notebook's outputs");
        foreach (var (chart, i) in layout.Charts.Select((c, i) => (c, i)))
        {
            if (chart.Width < 100 || chart.Height < 100) problems.Add($"chart {i}: laid out {chart.Width}x{chart.Height}");
            if (chart.Lines == 0 || chart.EmptyLines > 0) problems.Add($"chart {i}: {chart.Lines} series lines, {chart.EmptyLines} with an empty box");
            if (chart.Texts < 5 || chart.EmptyTexts > 0) problems.Add($"chart {i}: {chart.Texts} labels, {chart.EmptyTexts} with no size (fonts did not render)");
        }
        if (layout.Tensors.Length != tensorTables) problems.Add($"{layout.Tensors.Length} tensor tables laid out, {tensorTables} in the outputs");
        foreach (var (table, i) in layout.Tensors.Select((t, i) => (t, i)))
            if (table.Width <= 0 || table.Height <= 0) problems.Add($"tensor table {i}: laid out {table.Width}x{table.Height}");
        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);

        var png = Path.Combine(folder, "01-state-machines.png");
        Chromium.Screenshot(html, png, PageWidth, Math.Min((int)Math.Ceiling(layout.PageHeight) + 16, MaxPageHeight));
        var image = Png.Read(png);
        var colours = new HashSet<int>();
        long inked = 0, coloured = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, _) = image[x, y];
                colours.Add(r << 16 | g << 8 | b);
                if (r < 235 || g < 235 || b < 235) inked++;
                if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > 80) coloured++;
            }
        }
        var inkedShare = inked / (double)(image.Width * image.Height);
        output.WriteLine($"screenshot {png}: {image.Width}x{image.Height}, {colours.Count} colours, {inkedShare:P1} inked, {coloured} strongly coloured pixels");
        Assert.True(colours.Count > 200, $"only {colours.Count} distinct colours: the page did not render");
        Assert.InRange(inkedShare, 0.02, 0.9);
        Assert.True(coloured > 2000, $"only {coloured} strongly coloured pixels: the charts' series are missing");
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    // Adds a probe script to a copy of the page and reads back where the charts and tensor tables landed.
    private static PageLayout Layout(string htmlPath, string folder)
    {
        var html = File.ReadAllText(htmlPath);
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        Assert.True(end >= 0, "nbconvert wrote no </body>");
        var probed = Path.Combine(folder, "layout.html");
        File.WriteAllText(probed, html[..end] + "<pre id=\"rnn-course-layout\"></pre>\n<script>\n" + Probe + "</script>\n" + html[end..]);

        var dom = Chromium.DumpDom(probed, PageWidth);

        const string start = "<pre id=\"rnn-course-layout\">";
        var from = dom.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, "the page has no layout probe");
        from += start.Length;
        var json = WebUtility.HtmlDecode(dom[from..dom.IndexOf("</pre>", from, StringComparison.Ordinal)]);
        Assert.False(string.IsNullOrWhiteSpace(json), "the layout probe wrote nothing; did the page's scripts run?");
        return JsonSerializer.Deserialize<PageLayout>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    private const string Probe = """
        (() => {
          const box = e => e.getBoundingClientRect();
          const charts = [...document.querySelectorAll('div.rnn-course-chart > svg')].map(svg => {
            const r = box(svg);
            const lines = [...svg.querySelectorAll('.series-line')];
            const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim().length > 0);
            return { width: r.width, height: r.height,
                     lines: lines.length, emptyLines: lines.filter(l => { const b = l.getBBox(); return !(b.width > 0 || b.height > 0); }).length,
                     texts: texts.length, emptyTexts: texts.filter(t => { const b = box(t); return !(b.width > 0 && b.height > 0); }).length };
          });
          const tensors = [...document.querySelectorAll('div.rnn-course-tensor table')].map(t => { const r = box(t); return { width: r.width, height: r.height }; });
          const page = document.documentElement;
          document.getElementById('rnn-course-layout').textContent = JSON.stringify({
            pageWidth: page.scrollWidth, pageHeight: page.scrollHeight, charts, tensors });
        })();
        """;

    private string OutputFolder(TempFolder temp)
    {
        var configured = Environment.GetEnvironmentVariable("RNN_COURSE_NOTEBOOKS_OUT");
        var folder = string.IsNullOrEmpty(configured) ? temp.Path : Directory.CreateDirectory(configured).FullName;
        output.WriteLine($"output folder: {folder}");
        return folder;
    }

    private sealed record PageLayout(double PageWidth, double PageHeight, ChartBox[] Charts, TableBox[] Tensors);

    private sealed record ChartBox(double Width, double Height, int Lines, int EmptyLines, int Texts, int EmptyTexts);

    private sealed record TableBox(double Width, double Height);
}
