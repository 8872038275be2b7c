using System.Xml.Linq;
using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests;

/// <summary>
/// <c>course run --output-format trx</c>: one test per code cell, and a file XML parsers read (dotnet-repl's own TRX
/// declares utf-16 and is written in UTF-8, which they reject).
/// </summary>
public class TrxTests(ITestOutputHelper log)
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    [SkippableFact]
    public void The_trx_has_one_result_per_code_cell_with_outcomes_and_counts()
    {
        Requires.DotnetRepl(log);
        using var folder = new TempFolder();
        var notebook = Notebook.Create()
            .Markdown("# Intro")
            .Code("Console.WriteLine(\"hello trx\");")
            .Code("throw new InvalidOperationException(\"trx failure\");")
            .Code("var ok = true;\nok");
        var source = folder.Save(notebook, "chapter.ipynb");
        var output = folder.Combine("trx", "chapter.trx");

        var (code, _) = CourseCommand.Run("run", source, "--no-data", "--output-format", "trx", "--output-path", folder.Combine("trx"));

        Assert.Equal(2, code);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", File.ReadAllText(output));
        var trx = XDocument.Load(output);
        var results = trx.Descendants(Ns + "UnitTestResult").ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(["Passed", "Failed", "Passed"], results.Select(r => (string)r.Attribute("outcome")!));
        Assert.Equal("Cell    2: Console.WriteLine(\"hello trx\");", (string)results[0].Attribute("testName")!);
        Assert.Equal("Cell    4: var ok = true;", (string)results[2].Attribute("testName")!);
        Assert.Equal("hello trx", (string)results[0].Element(Ns + "Output")!.Element(Ns + "StdOut")!);
        Assert.Contains("trx failure", (string)results[1].Descendants(Ns + "Message").Single());
        Assert.All(results, r => Assert.True(TimeSpan.TryParse((string)r.Attribute("duration")!, out _)));

        var counters = trx.Descendants(Ns + "Counters").Single();
        Assert.Equal("3", (string)counters.Attribute("total")!);
        Assert.Equal("3", (string)counters.Attribute("executed")!);
        Assert.Equal("2", (string)counters.Attribute("passed")!);
        Assert.Equal("1", (string)counters.Attribute("failed")!);
        Assert.Equal("Failed", (string)trx.Descendants(Ns + "ResultSummary").Single().Attribute("outcome")!);

        var testIds = results.Select(r => (string)r.Attribute("testId")!).ToHashSet();
        Assert.Equal(testIds, trx.Descendants(Ns + "UnitTest").Select(u => (string)u.Attribute("id")!).ToHashSet());
        Assert.Equal(testIds, trx.Descendants(Ns + "TestEntry").Select(u => (string)u.Attribute("testId")!).ToHashSet());
    }

    [SkippableFact]
    public void A_passing_run_has_a_completed_summary()
    {
        Requires.DotnetRepl(log);
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("1", "2"), "fine.ipynb");
        var output = folder.Combine("trx", "fine.trx");

        var (code, _) = CourseCommand.Run("run", source, "--no-data", "--output-format", "trx", "--output-path", folder.Combine("trx"));

        Assert.Equal(0, code);
        var trx = XDocument.Load(output);
        Assert.Equal("Completed", (string)trx.Descendants(Ns + "ResultSummary").Single().Attribute("outcome")!);
        Assert.Equal("2", (string)trx.Descendants(Ns + "Counters").Single().Attribute("passed")!);
    }
}
