using RnnCourse.Display;

namespace RnnCourse.Tests.Display;

public class TableTests
{
    private static Table Losses() => new[]
    {
        new { model = "bigram", loss = 2.4524, parameters = 729 },
        new { model = "lstm", loss = 1.8869, parameters = 1_234_567 },
    }.ToTable("names, test");

    [Fact]
    public void AnonymousObjectsBecomeColumnsInDeclarationOrder()
    {
        var table = Losses();

        Assert.Equal(["model", "loss", "parameters"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("lstm", table[1, "model"]);
        Assert.Equal(1.8869, table[1, "loss"]);
        Assert.Equal([729, 1_234_567], table.Column("parameters").Cast<int>());
    }

    [Fact]
    public void TextHasTheTitleAHeaderARuleAndNumbersRightAligned()
    {
        string expected = """
            names, test
            model     loss  parameters
            ------  ------  ----------
            bigram  2.4524         729
            lstm    1.8869     1234567
            """.ReplaceLineEndings("\n");

        Assert.Equal(expected, Losses().ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AColumnFormatAppliesToItsNumbersOnly()
    {
        var table = Losses().Format("loss", "F2").Format("parameters", "N0");

        Assert.Equal("2.45", table.Text(0, "loss"));
        Assert.Equal("1,234,567", table.Text(1, "parameters"));
        Assert.Equal("lstm", table.Text(1, "model"));
    }

    [Fact]
    public void FloatsPrintAsTheShortestTextThatReadsBack()
    {
        var table = new[] { new { y = 0.46673116f, z = 0.1 + 0.2 } }.ToTable();

        Assert.Equal("0.46673116", table.Text(0, "y"));
        Assert.Equal(0.46673116f, float.Parse(table.Text(0, "y"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.30000000000000004", table.Text(0, "z"));
    }

    [Fact]
    public void HtmlIsOneTableWithACaptionAHeaderAndRightAlignedNumbers()
    {
        string html = Losses().ToHtml();

        Assert.StartsWith("<div class=\"rnn-course-table\"><table", html);
        Assert.Contains(">names, test</caption>", html);
        Assert.Equal(3, html.Split("<th ").Length - 1);
        Assert.Equal(6, html.Split("<td ").Length - 1);
        Assert.Contains("text-align:right;font-variant-numeric:tabular-nums\">2.4524</td>", html);
        Assert.Contains("text-align:left\">bigram</td>", html);
    }

    [Fact]
    public void HtmlEscapesText()
    {
        string html = new[] { new { token = "<s>", note = "a & b" } }.ToTable().ToHtml();

        Assert.Contains("&lt;s&gt;", html);
        Assert.Contains("a &amp; b", html);
        Assert.DoesNotContain("<s>", html);
    }

    [Fact]
    public void TheKernelFindsTheHtmlAndTextFormatters()
    {
        var table = Losses();

        Assert.Equal([MimeTypes.Html, MimeTypes.PlainText], DisplayConvention.PreferredMimeTypes(typeof(Table)));
        Assert.True(DisplayConvention.TryFormat(table, MimeTypes.Html, out string html));
        Assert.Equal(table.ToHtml(), html);
        Assert.True(DisplayConvention.TryFormat(table, MimeTypes.PlainText, out string text));
        Assert.Equal(table.ToString(), text);
    }

    [Fact]
    public void ExplicitColumnsAndRowsMakeATable()
    {
        var table = new Table(["n", "perplexity"], [[2, 12.5], [3, 9.75]]);

        Assert.Equal(9.75, table[1, "perplexity"]);
        Assert.Null(table.Title);
    }

    [Fact]
    public void WrongShapesAndUnknownColumnsSayWhatIsWrong()
    {
        var rows = Assert.Throws<ArgumentException>(() => new Table(["a", "b"], [[1, 2], [3]]));
        Assert.StartsWith("Table row 1 has 1 values for 2 columns (a, b).", rows.Message);
        var names = Assert.Throws<ArgumentException>(() => new Table(["a", "a"], []));
        Assert.StartsWith("Table columns must have different names; got a, a.", names.Message);
        var column = Assert.Throws<ArgumentException>(() => Losses().Format("accuracy", "F2"));
        Assert.StartsWith("The table has no column 'accuracy'; its columns are model, loss, parameters.", column.Message);
    }

    [Fact]
    public void TextThatReadsAsANumberIsRightAlignedAndOtherTextLeftAligned()
    {
        var table = new Table(["n", "perplexity", "model"], [["2", "1,234.5", "add-δ"], ["10", "∞", "×1.03"]]);

        Assert.Equal("""
             n  perplexity  model
            --  ----------  -----
             2     1,234.5  add-δ
            10           ∞  ×1.03
            """.ReplaceLineEndings("\n"), table.ToString().ReplaceLineEndings("\n"));
        Assert.Contains("text-align:right;font-variant-numeric:tabular-nums\">1,234.5</td>", table.ToHtml());
    }
}
