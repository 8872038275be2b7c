using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests.CourseNotebooks;

/// <summary>
/// Chapter 1 checks each of its claims in the cell that makes it. These tests make sure that such a check really
/// guards the text: the chapter runs clean in quick mode, and the same chapter with one wrong number fails the run
/// with the course tool's exit code 2 and names the broken claim.
/// </summary>
public class ChapterOneTests(ITestOutputHelper output)
{
    private static string ChapterPath => Path.Combine(Repository.NotebooksFolder, "01-state-machines.ipynb");

    [SkippableFact]
    public void Chapter_1_runs_in_quick_mode_without_a_failed_cell()
    {
        Requires.ChapterRun(output);
        using var folder = new TempFolder();
        var executed = folder.Combine("01-state-machines.ipynb");

        var (exitCode, log) = ChapterRuns.RunQuick(ChapterPath, folder.Path);

        output.WriteLine(log);
        Assert.True(exitCode == 0, log);
        var notebook = Notebook.Load(executed);
        var text = string.Join("\n", notebook.CodeCells.SelectMany(c => c.Outputs).Select(o => o.Text ?? ""));
        Assert.Contains("mode: quick", text);
        Assert.DoesNotContain(notebook.CodeCells.SelectMany(c => c.Outputs), o => o.IsError);
        // The worked examples' corrected values are stated by checks that ran.
        Assert.Contains("✓ the RNN with W^o = [0.5, 0.3, 0.2] computes 0.5 x_t + 0.3 x_{t−1} + 0.2 x_{t−2}", text);
        Assert.Contains("✓ without deposits the investment grows by exactly 1% per step (factor 1.01)", text);
        Assert.Contains("✓ the squared-error sequence loss of [1 4 5] against [1 2 3] is 8", text);
    }

    [SkippableTheory]
    [InlineData("var Wo = FromRows([[0.5f, 0.3f, 0.2f]]);", "var Wo = FromRows([[0.2f, 0.3f, 0.5f]]);",
        "Claim failed: the RNN with W^o = [0.5, 0.3, 0.2] computes")]
    [InlineData("wss: FromRows([[1f, 0.2f],\n                   [0f, 1.01f]]),", "wss: FromRows([[1f, 0.2f],\n                   [0f, 1.1f]]),",
        "Claim failed: the RNN follows account_t")]
    [InlineData("var p = FromArray([1f, 4f, 5f])", "var p = FromArray([1f, 4f, 6f])",
        "Claim failed: the squared-error sequence loss of [1 4 5] against [1 2 3] is 8")]
    public void A_wrong_number_in_chapter_1_fails_the_run_with_exit_code_2(string original, string changed, string message)
    {
        Requires.ChapterRun(output);
        var notebook = Notebook.Load(ChapterPath);
        var cell = Assert.Single(notebook.CodeCells, c => c.Source.Contains(original, StringComparison.Ordinal));
        cell.Source = cell.Source.Replace(original, changed, StringComparison.Ordinal);
        using var folder = new TempFolder();
        ReferencePaths.Anchor(notebook, Repository.NotebooksFolder); // it runs from the temporary folder
        var broken = folder.Save(notebook, "01-state-machines.ipynb");

        var (exitCode, log) = ChapterRuns.RunQuick(broken);

        output.WriteLine(log);
        Assert.Equal(2, exitCode);
        Assert.Contains(message, log);
    }
}
