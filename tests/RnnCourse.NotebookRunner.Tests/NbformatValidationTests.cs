using RnnCourse.NotebookRunner.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.NotebookRunner.Tests;

/// <summary>Notebooks this runner writes pass Jupyter's own validator (python3-nbformat).</summary>
public class NbformatValidationTests(ITestOutputHelper output)
{
    private const string ValidateScript = """
        import sys, nbformat
        for path in sys.argv[1:]:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            print("valid", path)
        """;

    [Fact]
    public void Created_and_executed_notebooks_are_valid_nbformat()
    {
        var python = Python.WithModule("nbformat");
        if (!Requires.Tool("nbformat", python is not null, output))
        {
            return;
        }

        using var folder = new TempFolder();
        var created = folder.Save(Notebook.Create().Markdown("# Title").Code("var x = 1;").Code(""), "created.ipynb");
        var source = folder.Save(Notebooks.OfCells(
            "Console.WriteLine(\"out\"); Console.Error.WriteLine(\"err\");",
            "display(new List<int> { 1, 2 }); display(HTML(\"<b>x</b>\"), \"text/html\", \"application/json\");",
            "new { A = 1 }",
            "throw new Exception(\"boom\");",
            "#r \"nuget: X\""), "executed-source.ipynb");
        var executed = folder.Combine("executed.ipynb");
        Assert.Equal(2, Cli.Run(["--run", source, "--output-path", executed], new StringWriter(), new StringWriter()));

        var (exitCode, text) = Python.Run(python!, TimeSpan.FromMinutes(1), folder.WriteText("validate.py", ValidateScript), created, executed);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Contains("valid " + executed, text);
    }
}
