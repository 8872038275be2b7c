using System.Xml.Linq;
using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests;

public class TimeoutTests
{
    [Fact]
    public void A_cell_over_the_timeout_fails_and_the_remaining_cells_are_not_run()
    {
        using var folder = new TempFolder();
        var notebook = Notebooks.OfCells(
            "var before = 1;",
            "Console.WriteLine(\"started\");\nSystem.Threading.Thread.Sleep(30000);\nConsole.WriteLine(\"too late\");",
            "Console.WriteLine(\"after\");");
        var options = new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(3) };

        var result = Notebooks.Run(folder, notebook, options);

        Assert.Equal([CellOutcome.Passed, CellOutcome.Failed, CellOutcome.NotRun], result.Cells.Select(c => c.Outcome));
        var outputs = Notebooks.Outputs(result, 1);
        Assert.Equal(["stream", "error"], outputs.Select(o => o.OutputType));
        Assert.Equal("started\n", outputs[0].Text);
        Assert.Contains("timed out after 3 s", outputs[1].ErrorValue);
        Assert.Empty(Notebooks.Outputs(result, 2));
        Assert.Null(result.Notebook.CodeCells.Last().ExecutionCount);
        Assert.True(result.Duration < TimeSpan.FromSeconds(20), result.Duration.ToString()); // far below the 30 s sleep
    }

    [Fact]
    public void The_cli_timeout_option_gives_exit_code_2_and_a_not_executed_trx_entry()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("await Task.Delay(20000);", "1"), "slow.ipynb");
        var trx = folder.Combine("slow.trx");

        var code = Cli.Run(["--run", source, "--cell-timeout", "0.5", "--output-format", "trx", "--output-path", trx], new StringWriter(), new StringWriter());

        Assert.Equal(2, code);
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var outcomes = XDocument.Load(trx).Descendants(ns + "UnitTestResult").Select(r => (string)r.Attribute("outcome")!);
        Assert.Equal(["Failed", "NotExecuted"], outcomes);
    }
}
