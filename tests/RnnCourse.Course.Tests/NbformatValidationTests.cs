using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests;

/// <summary>Notebooks the course tool writes pass Jupyter's own validator (python3-nbformat).</summary>
public class NbformatValidationTests(ITestOutputHelper output)
{
    private const string ValidateScript = """
        import sys, nbformat
        for path in sys.argv[1:]:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            print("valid", path)
        """;

    [SkippableFact]
    public void Created_and_executed_notebooks_are_valid_nbformat()
    {
        var python = Python.WithModule("nbformat");
        Requires.Tool("nbformat", python is not null, output);
        Requires.DotnetRepl(output);

        using var folder = new TempFolder();
        var created = folder.Save(Notebook.Create().Markdown("# Title").Code("var x = 1;").Code(""), "created.ipynb");
        var source = folder.Save(Notebooks.OfCells(
            "Console.WriteLine(\"out\"); Console.Error.WriteLine(\"err\");",
            "display(new List<int> { 1, 2 }); display(\"text\");",
            "new { A = 1 }",
            "throw new Exception(\"boom\");",
            "int x = \"not a number\";"), "executed.ipynb");
        var (code, log) = CourseCommand.Run("run", source, "--no-data", "--output-path", folder.Combine("out"));
        Assert.True(code == 2, log);
        var executed = folder.Combine("out", "executed.ipynb");

        var (exitCode, text) = Python.Run(python!, TimeSpan.FromMinutes(1), folder.WriteText("validate.py", ValidateScript), created, executed);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Contains("valid " + executed, text);
    }
}
