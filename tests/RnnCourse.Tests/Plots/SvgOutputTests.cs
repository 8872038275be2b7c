using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

public class SvgOutputTests
{
    public static TheoryData<string> GalleryNames => new(Gallery.All().Select(c => c.Name));

    private static Chart Named(string name) => Gallery.All().Single(c => c.Name == name).Chart;

    [Theory]
    [MemberData(nameof(GalleryNames))]
    public void EveryChartIsWellFormedSvgOfItsSize(string name)
    {
        var chart = Named(name);
        var svg = Svg.Parse(chart.ToSvg());
        Assert.Equal(Svg.Ns + "svg", svg.Name);
        Assert.Equal(chart.Size.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)svg.Attribute("width"));
        Assert.Equal($"0 0 {chart.Size.Width} {chart.Size.Height}", (string?)svg.Attribute("viewBox"));
    }

    [Theory]
    [MemberData(nameof(GalleryNames))]
    public void ChartsAreSelfContainedAndSurviveSanitisers(string name)
    {
        var text = Named(name).ToSvg();
        var svg = Svg.Parse(text);
        var elements = svg.DescendantsAndSelf().Select(e => e.Name.LocalName).Distinct().ToArray();
        Assert.Empty(elements.Except(["svg", "g", "rect", "line", "path", "circle", "text", "tspan", "title"]));
        Assert.DoesNotContain(svg.DescendantsAndSelf().SelectMany(e => e.Attributes()),
            a => a.Name.LocalName is "id" or "style" or "href" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Assert.DoesNotContain("url(", text);
        Assert.DoesNotContain("http", text.Replace("xmlns=\"http://www.w3.org/2000/svg\"", ""));
    }

    [Fact]
    public void HtmlHoldsTheInlineSvg()
    {
        var chart = Gallery.Scatter();
        var html = chart.ToHtml();
        Assert.StartsWith("<div", html);
        Assert.Contains(chart.ToSvg(), html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void TextIsEscaped()
    {
        var svg = Chart.Line(new[] { 1.0, 2 }, name: "a<b & \"c\"").WithLegend().WithTitle("x < y").ToSvg();
        var root = Svg.Parse(svg);
        Assert.Equal("x < y", root.Texts("title").Single());
    }

    [Fact]
    public void SaveSvgWritesAtomicallyAndReplaces()
    {
        var folder = Directory.CreateTempSubdirectory("rnn-course-svg-");
        try
        {
            var path = Path.Combine(folder.FullName, "nested", "loss.svg");
            Gallery.LossCurves().SaveSvg(path);
            Assert.Equal(Gallery.LossCurves().ToSvg(), File.ReadAllText(path));

            Gallery.Scatter().SaveSvg(path);
            Assert.Equal(Gallery.Scatter().ToSvg(), File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
