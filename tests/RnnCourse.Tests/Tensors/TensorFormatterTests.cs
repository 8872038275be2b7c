using System.Text.RegularExpressions;
using System.Xml.Linq;
using RnnCourse.Display;
using RnnCourse.Tensors;
using static RnnCourse.Tensors.Torch;

namespace RnnCourse.Tests.Tensors;

/// <summary>
/// A tensor returned from a notebook cell shows as a readable matrix: the kernel's attribute convention finds an
/// HTML formatter, and the table has the values, the indices, a caption with the shape, dtype and autograd state,
/// and elisions for large tensors.
/// </summary>
public class TensorFormatterTests
{
    [Fact]
    public void TheConventionFindsHtmlAndPlainTextForTensorsAndParameters()
    {
        var x = FromRows([[1f, 2f], [3f, 4f]]);
        Assert.Equal(new[] { MimeTypes.Html, MimeTypes.PlainText }, DisplayConvention.PreferredMimeTypes(typeof(Tensor)));
        Assert.True(DisplayConvention.TryFormat(x, MimeTypes.Html, out var html));
        Assert.Equal(TensorFormatter.ToHtml(x), html);
        Assert.True(DisplayConvention.TryFormat(x, MimeTypes.PlainText, out var text));
        Assert.Equal(x.ToString(), text);

        // The attribute is inherited: parameters of a module display the same way.
        var weight = new RnnCourse.Nn.Linear(2, 3).Weight;
        Assert.True(DisplayConvention.TryFormat(weight, MimeTypes.Html, out var weightHtml));
        Assert.Contains("shape (3, 2) · float32 · requires_grad=True", weightHtml);
    }

    [Fact]
    public void AMatrixIsATableWithIndicesAndItsValues()
    {
        var x = FromRows([[1.5f, -2f, 0.25f], [3f, 4f, 5f]]);
        var table = Table(x);

        Assert.Equal("shape (2, 3) · float32", Caption(table));
        Assert.Equal(new[] { "", "0", "1", "2" }, HeaderRow(table));
        Assert.Equal(new[]
        {
            new[] { "0", "1.5000", "-2.0000", "0.2500" },
            new[] { "1", "3.0000", "4.0000", "5.0000" },
        }, BodyRows(table));
    }

    [Fact]
    public void IntegerValuedTensorsPrintWithoutDecimalsAndTinyOnesInScientificNotation()
    {
        Assert.Equal(new[] { new[] { "0", "-6000", "0" }, new[] { "1", "1", "1" } }, BodyRows(Table(FromRows([[-6000f, 0f], [1f, 1f]]))));
        Assert.Equal(new[] { "1.0000e-06", "2.5000e-07" }, BodyRows(Table(FromArray([1e-6f, 2.5e-7f])))[0]);
        Assert.Equal(new[] { "nan", "inf", "1" }, BodyRows(Table(FromArray([float.NaN, float.PositiveInfinity, 1f])))[0]);
    }

    [Fact]
    public void AVectorIsOneRowAndAScalarOneCell()
    {
        var vector = Table(FromArray([0.5f, 0.3f, 0.2f]));
        Assert.Equal("shape (3,) · float32", Caption(vector));
        Assert.Equal(new[] { "0", "1", "2" }, HeaderRow(vector));
        Assert.Equal(new[] { new[] { "0.5000", "0.3000", "0.2000" } }, BodyRows(vector));

        var scalar = Table(Scalar(8f));
        Assert.Equal("shape () · float32", Caption(scalar));
        Assert.Equal(new[] { new[] { "8" } }, BodyRows(scalar));
    }

    [Fact]
    public void LargeMatricesKeepTheirCornersAndElideTheMiddle()
    {
        var x = Arange(100 * 30).Reshape(100, 30);
        var table = Table(x);
        var rows = BodyRows(table);

        int keptColumns = 2 * TensorFormatter.EdgeColumns + 1;
        Assert.Equal(2 * TensorFormatter.EdgeRows + 1, rows.Length);
        Assert.Equal(new[] { "", "0", "1", "2", "3", "4", "…", "25", "26", "27", "28", "29" }, HeaderRow(table));
        Assert.All(rows, r => Assert.Equal(keptColumns + 1, r.Length));
        Assert.Equal(new[] { "0", "0", "1", "2", "3", "4", "…", "25", "26", "27", "28", "29" }, rows[0]);
        Assert.Equal("⋮", rows[TensorFormatter.EdgeRows][0]);
        Assert.Equal("⋱", rows[TensorFormatter.EdgeRows][1 + TensorFormatter.EdgeColumns]);
        Assert.Equal(new[] { "99", "2970", "2971", "2972", "2973", "2974", "…", "2995", "2996", "2997", "2998", "2999" }, rows[^1]);

        // The HTML touches only the shown elements: a million-element tensor formats quickly and compactly.
        var big = Zeros(1000, 1000);
        Assert.True(TensorFormatter.ToHtml(big).Length < 20_000);
    }

    [Fact]
    public void HigherRankTensorsAreStacksOfSlicesLabelledByTheirLeadingIndices()
    {
        var x = Arange(2 * 3 * 2 * 2).Reshape(2, 3, 2, 2);
        var root = Parse(TensorFormatter.ToHtml(x));
        Assert.Contains("shape (2, 3, 2, 2) · float32", root.Value);
        var tables = root.Descendants("table").ToArray();
        Assert.Equal(6, tables.Length);
        Assert.Equal(new[] { "[0, 0, :, :]", "[0, 1, :, :]", "[0, 2, :, :]", "[1, 0, :, :]", "[1, 1, :, :]", "[1, 2, :, :]" },
            tables.Select(Caption));
        Assert.Equal(new[] { new[] { "0", "20", "21" }, new[] { "1", "22", "23" } }, BodyRows(tables[5]));

        var many = Parse(TensorFormatter.ToHtml(Zeros(10, 2, 2)));
        var captions = many.Descendants("table").Select(Caption).ToArray();
        Assert.Equal(new[] { "[0, :, :]", "[1, :, :]", "[8, :, :]", "[9, :, :]" }, captions);
        Assert.Contains("⋮ 6 more slices", many.Value);
    }

    [Fact]
    public void TheCaptionNotesGradFnOrRequiresGrad()
    {
        var w = FromRows([[1f, 2f]]).RequiresGrad_();
        Assert.Equal("shape (1, 2) · float32 · requires_grad=True", Caption(Table(w)));
        var y = w.MatMul(FromRows([[1f], [1f]]));
        Assert.Equal("shape (1, 1) · float32 · grad_fn=MatMulBackward", Caption(Table(y)));
        Assert.Equal("shape (1, 2) · float32", Caption(Table(w.Detach())));
    }

    [Fact]
    public void EmptyTensorsShowTheirShape()
    {
        Assert.Equal("shape (0, 3) · float32", Caption(Table(Zeros(0, 3))));
        Assert.Empty(BodyRows(Table(Zeros(0, 3))));
        Assert.Contains("shape (2, 0, 3) · float32", Parse(TensorFormatter.ToHtml(Zeros(2, 0, 3))).Value);
    }

    [Fact]
    public void TheHtmlIsWellFormedAndSelfContained()
    {
        var html = TensorFormatter.ToHtml(Randn(30, 30, 3).Reshape(30, 90));
        Parse(html); // throws if not well-formed
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotMatch(new Regex(@"\s(id|class)=""(?!rnn-course-)"), html);
    }

    private static XElement Parse(string html) => XElement.Parse(html);

    private static XElement Table(Tensor t) => Assert.Single(Parse(TensorFormatter.ToHtml(t)).Descendants("table"));

    private static string Caption(XElement table) => table.Element("caption")!.Value;

    private static string[] HeaderRow(XElement table) => table.Element("thead")!.Descendants("th").Select(c => c.Value).ToArray();

    private static string[][] BodyRows(XElement table) =>
        table.Element("tbody")!.Elements("tr").Select(r => r.Elements().Select(c => c.Value).ToArray()).ToArray();
}
