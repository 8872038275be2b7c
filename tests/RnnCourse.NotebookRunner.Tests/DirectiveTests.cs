using System.Text.Json.Nodes;
using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests;

public class DirectiveTests
{
    private const string GreeterSource = """
        namespace Greetings;
        public static class Greeter
        {
            public static string Hello(string name) => "Hello, " + name + "!";
        }
        """;

    [Fact]
    public void A_relative_r_loads_an_assembly_beside_the_notebook()
    {
        using var folder = new TempFolder();
        Notebooks.CompileLibrary(folder.Combine("lib", "Greetings.dll"), "Greetings", GreeterSource);

        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "#r \"lib/Greetings.dll\"\nusing Greetings;",
            "Greeter.Hello(\"notebook\")"));

        Assert.True(result.Succeeded, string.Join("\n", result.Cells.Select(c => c.ErrorMessage)));
        Assert.Equal("Hello, notebook!", Notebooks.Outputs(result, 1).Single().Data["text/plain"]);
    }

    [Fact]
    public void One_r_of_a_library_also_loads_the_dependencies_beside_it()
    {
        using var folder = new TempFolder();
        var dependency = folder.Combine("lib", "Greetings.dll");
        Notebooks.CompileLibrary(dependency, "Greetings", GreeterSource);
        Notebooks.CompileLibrary(folder.Combine("lib", "Course.dll"), "Course", """
            namespace Course;
            public static class Chapter
            {
                public static string Welcome() => Greetings.Greeter.Hello("student");
            }
            """, dependency);

        var result = Notebooks.Run(folder, Notebooks.OfCells("#r \"lib/Course.dll\"\nCourse.Chapter.Welcome()"), name: "notebooks/ch1.ipynb",
            options: new NotebookRunOptions { WorkingDirectory = folder.Path });

        Assert.True(result.Succeeded, string.Join("\n", result.Cells.Select(c => c.ErrorMessage)));
        Assert.Equal("Hello, student!", Notebooks.Outputs(result, 0).Single().Data["text/plain"]);
    }

    [Fact]
    public void A_relative_load_runs_a_csx_file_beside_the_notebook()
    {
        using var folder = new TempFolder();
        folder.WriteText("scripts/helpers.csx", "static int Square(int x) => x * x;\nvar loadedFrom = \"helpers\";\n");

        var result = Notebooks.Run(folder, Notebooks.OfCells("#load \"scripts/helpers.csx\"\n$\"{loadedFrom}: {Square(7)}\""));

        Assert.Equal("helpers: 49", Notebooks.Outputs(result, 0).Single().Data["text/plain"]);
    }

    [Fact]
    public void A_nuget_reference_gives_an_error_naming_the_line_and_the_cell_does_not_run()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "Console.WriteLine(\"should not print\");\n#r \"nuget: Plotly.NET.Interactive, 4.0.0\"",
            "1"));

        var error = Assert.Single(Notebooks.Outputs(result, 0));
        Assert.Equal("error", error.OutputType);
        Assert.StartsWith("Line 2: #r \"nuget: Plotly.NET.Interactive, 4.0.0\"", error.ErrorValue);
        Assert.Contains("#r \"", error.ErrorValue![20..]);
        Assert.Equal(CellOutcome.Passed, result.Cells[1].Outcome);
    }

    [Theory]
    [InlineData("#!time\nvar x = 1;", "Line 1: '#!time'", "Stopwatch")]
    [InlineData("var y = 2;\n#!fsharp\nlet z = 3", "Line 2: '#!fsharp'", "C# cells only")]
    [InlineData("#!about", "Line 1: '#!about'", "remove the line")]
    [InlineData("#i \"nuget: https://example.invalid/feed\"", "Line 1: #i", "#r \"path/to/library.dll\"")]
    public void Interactive_only_magics_give_an_error_saying_what_to_do(string source, string start, string advice)
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells(source));

        var error = Assert.Single(Notebooks.Outputs(result, 0));
        Assert.StartsWith(start, error.ErrorValue);
        Assert.Contains(advice, error.ErrorValue);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void A_csharp_kernel_selector_line_is_dropped_and_line_numbers_stay_right()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells("#!csharp\nvar a = 1;", "#!c#\nvar b = oops;"));

        Assert.Equal(CellOutcome.Passed, result.Cells[0].Outcome);
        Assert.StartsWith("(2,9): error CS0103", Notebooks.Outputs(result, 1).Single().ErrorValue);
    }

    [Fact]
    public void Cells_of_other_kernels_fail_with_a_message()
    {
        using var folder = new TempFolder();
        var notebook = Notebooks.OfCells("1");
        var fsharp = NotebookCell.Code("let x = 1");
        fsharp.Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" };
        notebook.Add(fsharp);

        var result = Notebooks.Run(folder, notebook);

        Assert.Equal(CellOutcome.Failed, result.Cells[1].Outcome);
        Assert.Contains("'fsharp' kernel", result.Cells[1].ErrorMessage);
    }

    [Fact]
    public void Input_tokens_are_replaced_by_the_values_given_with_any_case()
    {
        using var folder = new TempFolder();
        var options = new NotebookRunOptions
        {
            Inputs = new Dictionary<string, string> { ["Epochs"] = "21", ["Your name"] = "Ada Lovelace", ["mode"] = "quick" },
        };

        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "var epochs = @input:epochs;\nepochs * 2",
            "#!set --name who --value @input:\"Your name\"\nwho",
            "#!set --name mode --value @input:{\"prompt\": \"mode\", \"type\": \"text\"}\nmode",
            "#!set --name fixedValue --value \"a b c\"\nfixedValue"), options);

        Assert.True(result.Succeeded, string.Join("\n", result.Cells.Select(c => c.ErrorMessage)));
        Assert.Equal("42", Notebooks.Outputs(result, 0).Single().Data["text/plain"]);
        Assert.Equal("Ada Lovelace", Notebooks.Outputs(result, 1).Single().Data["text/plain"]);
        Assert.Equal("quick", Notebooks.Outputs(result, 2).Single().Data["text/plain"]);
        Assert.Equal("a b c", Notebooks.Outputs(result, 3).Single().Data["text/plain"]);
    }

    [Fact]
    public void A_set_before_r_and_using_lines_does_not_break_them()
    {
        using var folder = new TempFolder();
        Notebooks.CompileLibrary(folder.Combine("Greetings.dll"), "Greetings", GreeterSource);
        var options = new NotebookRunOptions { Inputs = new Dictionary<string, string> { ["name"] = "set" } };

        var result = Notebooks.Run(folder, Notebooks.OfCells(
            "#!set --name name --value @input:name\n#r \"Greetings.dll\"\nusing Greetings;\n\nGreeter.Hello(name)"), options);

        Assert.True(result.Succeeded, string.Join("\n", result.Cells.Select(c => c.ErrorMessage)));
        Assert.Equal("Hello, set!", Notebooks.Outputs(result, 0).Single().Data["text/plain"]);
    }

    [Fact]
    public void A_missing_input_fails_the_cell_and_says_how_to_pass_it()
    {
        using var folder = new TempFolder();
        var result = Notebooks.Run(folder, Notebooks.OfCells("var n = @input:batchSize;"));

        var error = Assert.Single(Notebooks.Outputs(result, 0));
        Assert.Contains("Line 1: no value for @input:batchSize; pass one with --input \"batchSize=VALUE\"", error.ErrorValue);
    }
}
