using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests;

public class FolderRunTests
{
    private static TempFolder CourseFolder()
    {
        var folder = new TempFolder();
        folder.Save(Notebooks.OfCells("Console.WriteLine(\"a\");", "1 + 1"), "notebooks/01-first.ipynb");
        folder.Save(Notebooks.OfCells("throw new Exception(\"chapter two is broken\");", "2"), "notebooks/part2/02-second.ipynb");
        folder.Save(Notebooks.OfCells("3"), "notebooks/00-zero.ipynb");
        folder.Save(Notebooks.OfCells("throw new Exception(\"never run\");"), "notebooks/bin/Debug/copied.ipynb");
        folder.Save(Notebooks.OfCells("throw new Exception(\"never run\");"), "notebooks/obj/x.ipynb");
        folder.Save(Notebooks.OfCells("throw new Exception(\"never run\");"), "notebooks/.ipynb_checkpoints/01-first-checkpoint.ipynb");
        folder.WriteText("notebooks/readme.md", "not a notebook");
        return folder;
    }

    [Fact]
    public void Discovery_sorts_by_relative_path_and_skips_build_and_checkpoint_folders()
    {
        using var folder = CourseFolder();

        var found = NotebookDiscovery.Find(folder.Combine("notebooks"));

        Assert.Equal(
            ["00-zero.ipynb", "01-first.ipynb", "part2/02-second.ipynb"],
            found.Select(p => Path.GetRelativePath(folder.Combine("notebooks"), p).Replace('\\', '/')));
    }

    [Fact]
    public void A_folder_run_prints_a_summary_table_and_exits_2_when_a_notebook_fails()
    {
        using var folder = CourseFolder();
        var stdout = new StringWriter();

        var code = Cli.Run(["--run", folder.Combine("notebooks"), "--exit-after-run"], stdout, new StringWriter());

        var text = stdout.ToString();
        Assert.Equal(2, code);
        Assert.Matches(@"notebook\s+cells\s+failures\s+seconds", text);
        Assert.Matches(@"00-zero\.ipynb\s+1\s+0\s+\d+\.\d", text);
        Assert.Matches(@"01-first\.ipynb\s+2\s+0\s+\d+\.\d", text);
        Assert.Matches(@"part2/02-second\.ipynb\s+2\s+1\s+\d+\.\d", text);
        Assert.Matches(@"total\s+5\s+1\s+\d+\.\d", text);
        Assert.Contains("cell 1 failed: System.Exception: chapter two is broken", text);
        Assert.Contains("notebooks: 2 succeeded, 1 with failures", text);
        Assert.DoesNotContain("never run", text);
        Assert.DoesNotContain("copied", text);
    }

    [Fact]
    public void A_folder_run_writes_each_result_under_the_output_folder_keeping_relative_paths()
    {
        using var folder = CourseFolder();
        var output = folder.Combine("notebooks", "executed");

        var code = Cli.Run(["--run", folder.Combine("notebooks"), "--output-path", output], new StringWriter(), new StringWriter());
        var secondCode = Cli.Run(["--run", folder.Combine("notebooks"), "--output-path", output], new StringWriter(), new StringWriter());

        Assert.Equal(2, code);
        Assert.Equal(2, secondCode);
        Assert.Equal(
            ["00-zero.ipynb", "01-first.ipynb", "part2/02-second.ipynb"],
            NotebookDiscovery.Find(output).Select(p => Path.GetRelativePath(output, p).Replace('\\', '/')));
        Assert.Equal("2", Notebook.Load(Path.Combine(output, "01-first.ipynb")).CodeCells.Last().Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public void A_folder_run_in_trx_format_writes_one_trx_per_notebook()
    {
        using var folder = CourseFolder();
        var output = folder.Combine("trx");

        var code = Cli.Run(["--run", folder.Combine("notebooks"), "--output-path", output, "--output-format", "trx"], new StringWriter(), new StringWriter());

        Assert.Equal(2, code);
        Assert.True(File.Exists(Path.Combine(output, "00-zero.trx")));
        Assert.True(File.Exists(Path.Combine(output, "part2", "02-second.trx")));
    }

    [Fact]
    public void A_folder_without_notebooks_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var stderr = new StringWriter();

        var code = Cli.Run(["--run", folder.Path], new StringWriter(), stderr);

        Assert.Equal(1, code);
        Assert.Contains("No .ipynb notebooks found", stderr.ToString());
    }

    [Fact]
    public void An_unreadable_notebook_in_a_folder_fails_the_run_but_the_others_still_run()
    {
        using var folder = new TempFolder();
        folder.WriteText("a-broken.ipynb", "{ this is not json");
        folder.Save(Notebooks.OfCells("1"), "b-fine.ipynb");
        var stdout = new StringWriter();

        var code = Cli.Run(["--run", folder.Path], stdout, new StringWriter());

        Assert.Equal(2, code);
        Assert.Matches(@"a-broken\.ipynb\s+-\s+unread", stdout.ToString());
        Assert.Matches(@"b-fine\.ipynb\s+1\s+0", stdout.ToString());
    }
}
