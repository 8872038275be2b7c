using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests;

public class ExecutionOutputTests
{
    [Fact]
    public void Console_writes_and_display_calls_keep_their_order()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells("""
            Console.WriteLine("first");
            Console.Write("still ");
            Console.WriteLine("first");
            display("second");
            Console.Error.WriteLine("third");
            Console.WriteLine("fourth");
            """));

        var outputs = Notebooks.Outputs(result, 0);

        Assert.Collection(outputs,
            o => Assert.Equal(("stream", "stdout", "first\nstill first\n"), (o.OutputType, o.StreamName, o.Text)),
            o => Assert.Equal(("display_data", "second"), (o.OutputType, o.Data["text/plain"])),
            o => Assert.Equal(("stream", "stderr", "third\n"), (o.OutputType, o.StreamName, o.Text)),
            o => Assert.Equal(("stream", "stdout", "fourth\n"), (o.OutputType, o.StreamName, o.Text)));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void A_trailing_expression_becomes_an_execute_result_after_the_other_outputs()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "var a = 20;",
            "Console.WriteLine(\"computing\");\na * 2 + 2"));

        Assert.Empty(Notebooks.Outputs(result, 0));
        var outputs = Notebooks.Outputs(result, 1);
        Assert.Equal(2, outputs.Count);
        Assert.Equal("stream", outputs[0].OutputType);
        Assert.Equal("execute_result", outputs[1].OutputType);
        Assert.Equal("42", outputs[1].Data["text/plain"]);
        Assert.Equal(2, outputs[1].ExecutionCount);
    }

    [Fact]
    public void Void_calls_and_statements_publish_no_value_but_a_null_expression_does()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "Console.WriteLine(\"x\")",
            "int n = 3;",
            "string? s = null;\ns"));

        Assert.Equal(["stream"], Notebooks.Outputs(result, 0).Select(o => o.OutputType));
        Assert.Empty(Notebooks.Outputs(result, 1));
        var nullResult = Assert.Single(Notebooks.Outputs(result, 2));
        Assert.Equal("<null>", nullResult.Data["text/plain"]);
    }

    [Fact]
    public void Display_and_the_Display_extension_publish_at_once_and_are_not_repeated_as_results()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "display(1);\n\"two\".Display();\nConsole.WriteLine(\"three\");\ndisplay(4)"));

        var outputs = Notebooks.Outputs(result, 0);

        Assert.Equal(["display_data", "display_data", "stream", "display_data"], outputs.Select(o => o.OutputType));
        Assert.Equal(["1", "two", "4"], outputs.Where(o => o.OutputType == "display_data").Select(o => o.Data["text/plain"]));
    }

    [Fact]
    public void A_displayed_value_can_be_updated_in_place()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "var progress = display(\"epoch 1\");\nprogress.Update(\"epoch 2\");\nprogress.Update(\"done\");"));

        var output = Assert.Single(Notebooks.Outputs(result, 0));
        Assert.Equal("done", output.Data["text/plain"]);
    }

    [Fact]
    public void Cells_continue_one_script_state_and_are_numbered_in_order()
    {
        using var folder = new TempFolder();
        var notebook = Notebook.Create()
            .Markdown("# Setup")
            .Code("var counter = 1;\nint Twice(int v) => 2 * v;")
            .Code("   \n")
            .Markdown("More")
            .Code("counter = Twice(counter + 1);")
            .Code("counter");

        var result = Notebooks.Run(folder, notebook);

        Assert.Equal([1, null, 2, 3], result.Notebook.CodeCells.Select(c => c.ExecutionCount));
        Assert.Equal("4", Notebooks.Outputs(result, 3).Single().Data["text/plain"]);
        Assert.Equal(3, result.Cells.Count);
        Assert.All(result.Notebook.Cells.Where(c => !c.IsCode), c => Assert.Null(c.ExecutionCount));
    }

    [Fact]
    public void A_runtime_exception_becomes_an_error_output_and_later_cells_still_run()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "var before = 5;\nConsole.WriteLine(\"printed before the throw\");\nthrow new InvalidOperationException(\"boom\");",
            "before + 1"));

        var outputs = Notebooks.Outputs(result, 0);
        Assert.Equal(["stream", "error"], outputs.Select(o => o.OutputType));
        var error = outputs[1];
        Assert.Equal("Error", error.ErrorName);
        Assert.Equal("System.InvalidOperationException: boom", error.ErrorValue);
        Assert.Contains(error.Traceback, l => l.Contains("Submission#"));
        Assert.DoesNotContain(error.Traceback, l => l.Contains("Microsoft.CodeAnalysis"));

        Assert.Equal("6", Notebooks.Outputs(result, 1).Single().Data["text/plain"]);
        Assert.Equal([CellOutcome.Failed, CellOutcome.Passed], result.Cells.Select(c => c.Outcome));
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.FailureCount);
    }

    [Fact]
    public void A_compile_error_names_the_line_and_column_in_the_cell()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells("var ok = 1;\nvar bad = missingName + ok;"));

        var error = Assert.Single(Notebooks.Outputs(result, 0));
        Assert.Equal("error", error.OutputType);
        Assert.Contains("(2,11): error CS0103: The name 'missingName' does not exist in the current context", error.ErrorValue);
    }

    [Fact]
    public void Inner_exceptions_are_named_in_the_error_value()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "throw new ArgumentException(\"outer\", new FormatException(\"inner\"));"));

        Assert.Equal(
            "System.ArgumentException: outer ---> System.FormatException: inner",
            Notebooks.Outputs(result, 0).Single().ErrorValue);
    }

    [Fact]
    public void Default_formatting_shows_scalars_as_text_and_collections_and_objects_as_tables()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "\"plain <text>\"",
            "3.5",
            "new List<int> { 1, 2, 3 }",
            "new Dictionary<string, int> { [\"a\"] = 1 }",
            "(Name: \"rnn\", Size: 7)",
            "HTML(\"<b>bold</b>\")"));

        IReadOnlyDictionary<string, string> Data(int i) => Notebooks.Outputs(result, i).Single().Data;

        Assert.Equal(["text/plain"], Data(0).Keys);
        Assert.Equal("plain <text>", Data(0)["text/plain"]);
        Assert.Equal("3.5", Data(1)["text/plain"]);
        Assert.Equal("[ 1, 2, 3 ]", Data(2)["text/plain"]);
        Assert.Contains("<td>0</td><td>1</td>", Data(2)["text/html"]);
        Assert.Contains("<td>a</td><td>1</td>", Data(3)["text/html"]);
        Assert.Contains("<td>Item1</td><td>rnn</td>", Data(4)["text/html"]);
        Assert.Equal("<b>bold</b>", Data(5)["text/html"]);
    }

    [Fact]
    public void A_collection_that_contains_itself_is_shown_without_endless_recursion()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells("var items = new List<object> { 1 };\nitems.Add(items);\nitems"));

        var text = Notebooks.Outputs(result, 0).Single().Data["text/plain"];
        Assert.StartsWith("[ 1, [ 1, [ 1, ", text);
        Assert.Contains("System.Collections.Generic.List", text);
    }

    [Fact]
    public void Explicit_mime_types_limit_the_bundle_and_text_plain_is_always_there()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells("display(\"<x>\", \"text/html\");"));

        var data = Notebooks.Outputs(result, 0).Single().Data;
        Assert.Equal(["text/html", "text/plain"], data.Keys.OrderBy(k => k));
        Assert.Equal("<div class=\"dni-plaintext\"><pre>&lt;x&gt;</pre></div>", data["text/html"]);
    }

    [Fact]
    public void Cells_run_in_the_notebook_folder_and_the_console_is_restored_afterwards()
    {
        using var folder = new TempFolder();
        folder.WriteText("sub/data.txt", "from a relative path");
        var before = (Console.Out, Console.Error, Environment.CurrentDirectory);

        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "Environment.CurrentDirectory",
            "System.IO.File.ReadAllText(\"data.txt\")"), name: "sub/nb.ipynb");

        Assert.Equal(Path.GetFullPath(folder.Combine("sub")), Notebooks.Outputs(result, 0).Single().Data["text/plain"]);
        Assert.Equal("from a relative path", Notebooks.Outputs(result, 1).Single().Data["text/plain"]);
        Assert.Equal(before, (Console.Out, Console.Error, Environment.CurrentDirectory));
    }

    [Fact]
    public void The_working_directory_option_overrides_the_notebook_folder()
    {
        using var folder = new TempFolder();
        var elsewhere = Directory.CreateDirectory(folder.Combine("elsewhere")).FullName;

        var result = Notebooks.Run(folder, Notebooks.OfCells("Environment.CurrentDirectory"),
            new NotebookRunOptions { WorkingDirectory = elsewhere });

        Assert.Equal(elsewhere, Notebooks.Outputs(result, 0).Single().Data["text/plain"]);
    }

    [Fact]
    public async Task Running_does_not_change_the_notebook_it_was_given()
    {
        var notebook = Notebooks.OfCells("1 + 1");
        var before = notebook.ToJson();

        var result = await NotebookExecutor.RunAsync(notebook);

        Assert.Equal(before, notebook.ToJson());
        Assert.Equal("2", result.Notebook.CodeCells.Single().Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public void Async_code_and_awaits_run_inside_a_cell()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "await Task.Delay(10);\nvar values = await Task.WhenAll(Task.Run(() => { Console.WriteLine(\"in task\"); return 1; }), Task.FromResult(2));\nvalues.Sum()"));

        var outputs = Notebooks.Outputs(result, 0);
        Assert.Equal("in task\n", outputs[0].Text);
        Assert.Equal("3", outputs[1].Data["text/plain"]);
    }
}
