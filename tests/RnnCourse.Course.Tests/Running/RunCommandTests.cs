using System.Text.Json.Nodes;
using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests.Running;

/// <summary><c>course run</c> through the real dotnet-repl, on small notebooks.</summary>
public class RunCommandTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void A_folder_run_goes_on_past_a_failing_and_a_crashing_notebook_and_exits_2()
    {
        Requires.DotnetRepl(output);
        using var folder = new TempFolder();
        folder.Save(Notebooks.OfCells("Console.WriteLine(System.IO.Directory.GetCurrentDirectory());", "1 + 1"), "course/01-fine.ipynb");
        folder.Save(Notebooks.OfCells("throw new Exception(\"chapter two is broken\");", "Console.WriteLine(\"still runs\");"), "course/02-failing.ipynb");
        folder.Save(Notebooks.OfCells("Console.WriteLine(\"before\");", "Environment.Exit(7);", "1"), "course/part3/03-crashing.ipynb");
        folder.Save(Notebooks.OfCells("throw new Exception(\"never run\");"), "course/bin/Release/copied.ipynb");
        string written = folder.Combine("executed");

        var (exitCode, log) = CourseCommand.Run("run", folder.Combine("course"), "--no-data", "--mode", "quick", "--output-path", written);

        output.WriteLine(log);
        Assert.Equal(2, exitCode);
        Assert.Matches(@"01-fine\.ipynb\s+2\s+0\s+\d+\.\d", log);
        Assert.Matches(@"02-failing\.ipynb\s+2\s+1\s+\d+\.\d", log);
        Assert.Matches(@"part3/03-crashing\.ipynb\s+3\s+3\s+\d+\.\d", log);
        Assert.Contains("02-failing.ipynb: cell 1 failed: System.Exception: chapter two is broken", log);
        Assert.Contains("part3/03-crashing.ipynb: dotnet-repl exited with code 7 without writing the notebook", log);
        Assert.Contains("part3/03-crashing.ipynb: 3 cells, 0 failed, 3 not run", log);
        Assert.Contains("notebooks: 1 succeeded, 2 with failures", log);
        Assert.DoesNotContain("copied", log);

        // The first notebook ran in its own folder, with its outputs and Polyglot's numbering.
        var fine = Notebook.Load(Path.Combine(written, "01-fine.ipynb"));
        var cells = fine.CodeCells.ToList();
        Assert.Equal(folder.Combine("course"), cells[0].Outputs.Single().Text!.Trim());
        Assert.Contains("<pre>2</pre>", cells[1].Outputs.Single().Data["text/html"]);
        Assert.Equal([1, 2], cells.Select(c => c.ExecutionCount ?? 0));
        // A failed cell does not stop the notebook: its next cell ran.
        var failing = Notebook.Load(Path.Combine(written, "02-failing.ipynb")).CodeCells.ToList();
        Assert.Contains(failing[0].Outputs, o => o.IsError);
        Assert.Equal("still runs\n", failing[1].Outputs.Single().Text);
        // The crashed notebook is still written, with no outputs: nothing half-done.
        Assert.All(Notebook.Load(Path.Combine(written, "part3", "03-crashing.ipynb")).CodeCells, c => Assert.Empty(c.Outputs));
    }

    [SkippableFact]
    public void In_place_keeps_the_cell_ids_and_metadata_and_writes_Polyglots_notebook_metadata()
    {
        Requires.DotnetRepl(output);
        using var folder = new TempFolder();
        var notebook = Notebooks.OfCells("Console.WriteLine(\"a\");\nConsole.WriteLine(\"b\");", "display(\"shown\");");
        notebook.Cells[0].Metadata["tags"] = new JsonArray("measured");
        notebook.Metadata["custom"] = "kept";
        notebook.Metadata["language_info"] = new JsonObject { ["name"] = "C#", ["version"] = "13.0" };   // as dotnet-repl writes it
        string path = folder.Save(notebook, "chapter.ipynb");

        var (exitCode, log) = CourseCommand.Run("run", path, "--no-data", "--in-place");

        output.WriteLine(log);
        Assert.Equal(0, exitCode);
        var executed = Notebook.Load(path);
        Assert.Equal(notebook.Cells.Select(c => c.Id), executed.Cells.Select(c => c.Id));
        Assert.Equal("[\"measured\"]", executed.Cells[0].Metadata["tags"]!.ToJsonString());
        Assert.False(executed.Cells[0].Metadata.ContainsKey("dotnet_repl_cellExecutionStartTime"));
        Assert.Equal("{\"name\":\"polyglot-notebook\"}", executed.Metadata["language_info"]!.ToJsonString());
        Assert.Equal("kept", (string?)executed.Metadata["custom"]);
        Assert.Equal("a\nb\n", executed.Cells[0].Outputs.Single().Text);
        Assert.Equal("shown", executed.Cells[1].Outputs.Single().Data["text/plain"]);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [SkippableFact]
    public void A_notebook_that_runs_past_the_timeout_is_stopped_and_the_next_one_runs()
    {
        Requires.DotnetRepl(output);
        using var folder = new TempFolder();
        folder.Save(Notebooks.OfCells("Console.WriteLine(\"started\");", "while (true) { }", "1"), "a-hangs.ipynb");
        folder.Save(Notebooks.OfCells("40 + 2"), "b-fine.ipynb");

        var (exitCode, log) = CourseCommand.Run("run", folder.Path, "--no-data", "--timeout", "20");

        output.WriteLine(log);
        Assert.Equal(2, exitCode);
        Assert.Contains("a-hangs.ipynb: stopped after 20 s (the timeout)", log);
        Assert.Matches(@"b-fine\.ipynb\s+1\s+0", log);
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_before_any_notebook_runs()
    {
        using var folder = new TempFolder();
        string path = folder.Save(Notebooks.OfCells("1"), "chapter.ipynb");
        string file = folder.WriteText("taken", "not a folder");

        var (exitCode, log) = CourseCommand.Run("run", path, "--no-data", "--output-path", file);

        Assert.Equal(1, exitCode);
        Assert.Equal($"course: --output-path '{file}' is a file; give a folder (it is made when missing).", log.Trim());
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void An_output_path_under_a_file_is_refused_before_any_notebook_runs()
    {
        using var folder = new TempFolder();
        string path = folder.Save(Notebooks.OfCells("1"), "chapter.ipynb");
        string file = folder.WriteText("taken", "not a folder");

        var (exitCode, log) = CourseCommand.Run("run", path, "--no-data", "--output-path", Path.Combine(file, "executed"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"course: --output-path '{Path.Combine(file, "executed")}' cannot be written (", log.Trim());
        Assert.DoesNotContain("==", log);
    }

    [Theory]
    [InlineData("--in-place --output-path x", "--in-place and --output-path exclude each other")]
    [InlineData("--output-format trx --in-place", "--output-format trx needs --output-path")]
    [InlineData("--mode fast", "Argument 'fast' not recognized")]
    [InlineData("--timeout 0", "--timeout 0 is not a number of seconds above 0")]
    public void Wrong_command_lines_exit_1_with_a_message(string options, string message)
    {
        using var folder = new TempFolder();
        string path = folder.Save(Notebooks.OfCells("1"), "chapter.ipynb");
        string[] args = ["run", path, "--no-data", .. options.Split(' ')];

        var (exitCode, log) = CourseCommand.Run(args);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, log);
    }

    [Fact]
    public void A_missing_path_and_a_folder_without_notebooks_are_usage_errors()
    {
        using var folder = new TempFolder();

        var (missingCode, missingLog) = CourseCommand.Run("run", folder.Combine("nowhere.ipynb"), "--no-data");
        var (emptyCode, emptyLog) = CourseCommand.Run("run", folder.Path, "--no-data");

        Assert.Equal(1, missingCode);
        Assert.Contains("is neither a notebook nor a folder", missingLog);
        Assert.Equal(1, emptyCode);
        Assert.Contains("No .ipynb notebooks found", emptyLog);
    }
}
