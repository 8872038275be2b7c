using System.Diagnostics;
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
        var python = FindPythonWithNbformat();
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

        var (exitCode, text) = RunPython(python!, folder.WriteText("validate.py", ValidateScript), created, executed);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Contains("valid " + executed, text);
    }

    private static string? FindPythonWithNbformat()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3", "python" })
        {
            try
            {
                var (code, _) = RunPython(candidate, "-c", "import nbformat");
                if (code == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name.
            }
        }

        return null;
    }

    private static (int ExitCode, string Output) RunPython(string python, params string[] args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
