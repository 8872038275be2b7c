using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests.CourseNotebooks;

/// <summary>
/// The course's own notebooks, every .ipynb under notebooks/: valid for Jupyter's validator, in the exact form
/// Polyglot Notebooks writes, loading the built library by a path relative to the notebook, and committed with
/// the outputs of a clean full run by dotnet-repl so that they read well on GitHub.
/// </summary>
public class NotebookFileTests(ITestOutputHelper output)
{
    private static readonly Regex ReferenceLine = new("^#r \"(?<path>[^\"]+)\"\\s*$", RegexOptions.Compiled);

    [Fact]
    public void The_course_has_its_chapters()
    {
        Assert.Contains("01-state-machines.ipynb", Repository.Notebooks());
    }

    [SkippableFact]
    public void Every_notebook_passes_Jupyters_validator_with_its_outputs()
    {
        var python = Python.WithModule("nbformat");
        Requires.Tool("nbformat", python is not null, output);
        using var folder = new TempFolder();
        var script = folder.WriteText("validate.py", """
            import sys, nbformat
            for path in sys.argv[1:]:
                nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
                nbformat.validate(nb)
                print("valid", path)
            """);
        var paths = Repository.Notebooks().Select(p => Path.Combine(Repository.NotebooksFolder, p)).ToArray();

        var (exitCode, text) = Python.Run(python!, TimeSpan.FromMinutes(2), [script, .. paths]);

        output.WriteLine(text);
        Assert.True(exitCode == 0, text);
        foreach (var path in paths) Assert.Contains("valid " + path, text);
    }

    [Fact]
    public void Every_notebook_has_the_Polyglot_metadata_and_is_written_as_Polyglot_writes_it()
    {
        var problems = new List<string>();
        var expected = PolyglotMetadata.CreateNotebookMetadata();
        foreach (var relative in Repository.Notebooks())
        {
            var path = Path.Combine(Repository.NotebooksFolder, relative);
            var text = File.ReadAllText(path);
            var json = JsonNode.Parse(text)!.AsObject();
            if ((int?)json["nbformat"] != 4 || (int?)json["nbformat_minor"] < 5)
                problems.Add($"{relative}: nbformat {json["nbformat"]}.{json["nbformat_minor"]}, expected 4.5 or later (cell ids)");
            foreach (var key in new[] { "kernelspec", "language_info", "polyglot_notebook" })
            {
                if (!JsonNode.DeepEquals(json["metadata"]?[key], expected[key]))
                    problems.Add($"{relative}: metadata.{key} is {json["metadata"]?[key]?.ToJsonString() ?? "missing"}, expected {expected[key]!.ToJsonString()}");
            }

            var cells = json["cells"]!.AsArray();
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i]!;
                if ((string?)cell["cell_type"] != "code") continue;
                var kernel = (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"] ?? (string?)cell["metadata"]?["dotnet_interactive"]?["language"];
                if (kernel != "csharp") problems.Add($"{relative}: cell {i} runs in kernel '{kernel ?? "(none)"}', expected csharp");
            }

            // The runner writes notebooks exactly as VS Code does (sorted keys, one-space indent, source as lines):
            // a committed notebook must be in that form already, so opening and saving it in VS Code changes nothing.
            if (Notebook.Parse(text, path).ToJson() != text)
                problems.Add($"{relative}: not in the form Polyglot Notebooks writes; regenerate it with `course run --in-place` or save it from VS Code");
        }

        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_notebooks_first_code_cell_references_the_built_library_by_a_relative_path()
    {
        Assert.True(File.Exists(Repository.LibraryDll),
            $"{Repository.LibraryDll} is missing: build the solution in Release first (dotnet build -c Release rnn-course.sln).");
        var problems = new List<string>();
        foreach (var relative in Repository.Notebooks())
        {
            var path = Path.Combine(Repository.NotebooksFolder, relative);
            var first = Notebook.Load(path).CodeCells.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Source));
            var line = first?.Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
            var match = ReferenceLine.Match(line);
            if (!match.Success)
            {
                problems.Add($"{relative}: the first code cell starts with '{line}', expected #r \"<relative path>/RnnCourse.dll\"");
                continue;
            }

            var reference = match.Groups["path"].Value;
            if (Path.IsPathRooted(reference) || reference.Contains('\\'))
            {
                problems.Add($"{relative}: #r \"{reference}\" must be relative to the notebook, with forward slashes, so it works on every machine");
                continue;
            }

            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, reference));
            if (resolved != Path.GetFullPath(Repository.LibraryDll))
                problems.Add($"{relative}: #r \"{reference}\" resolves to {resolved}, not to the Release build of the library {Repository.LibraryDll}");
        }

        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_notebook_is_committed_with_the_outputs_of_a_clean_run()
    {
        var problems = new List<string>();
        foreach (var relative in Repository.Notebooks())
        {
            var notebook = Notebook.Load(Path.Combine(Repository.NotebooksFolder, relative));
            var index = 0;
            foreach (var cell in notebook.Cells)
            {
                index++;
                if (!cell.IsCode || string.IsNullOrWhiteSpace(cell.Source)) continue;
                if (cell.ExecutionCount is null) problems.Add($"{relative}: cell {index} has not been run");
                foreach (var error in cell.Outputs.Where(o => o.IsError))
                    problems.Add($"{relative}: cell {index} was committed with an error: {error.ErrorValue}");
            }
        }

        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);
    }

    /// <summary>
    /// The chapters whose full run fits in the test suite: each is run again in full mode and must give the committed
    /// outputs, cell by cell, except cells tagged "measured" (they print a time or a speed). The others train for
    /// minutes; `course run --in-place` regenerates them, and CI runs them in quick mode.
    /// </summary>
    private static readonly string[] ComparedInFull = ["01-state-machines.ipynb", "02-ngram-language-models.ipynb", "03-elman-rnn.ipynb"];

    [SkippableFact]
    public void A_committed_chapter_equals_a_clean_full_run_of_itself_except_its_measured_cells()
    {
        Requires.ChapterRun(output);
        using var folder = new TempFolder();
        string[] paths = ComparedInFull.Select(name => Path.Combine(Repository.NotebooksFolder, name)).ToArray();

        var (exitCode, log) = CourseCommand.Run(["run", .. paths, "--mode", "full", "--output-path", folder.Path]);

        output.WriteLine(log);
        Assert.True(exitCode == 0, log);
        var problems = new List<string>();
        foreach (string name in ComparedInFull)
        {
            var committed = Notebook.Load(Path.Combine(Repository.NotebooksFolder, name)).Cells;
            var fresh = Notebook.Load(Path.Combine(folder.Path, name)).Cells;
            Assert.Equal(committed.Count, fresh.Count);
            for (int i = 0; i < committed.Count; i++)
            {
                if (!committed[i].IsCode || IsMeasured(committed[i])) continue;
                string before = Outputs(committed[i]), after = Outputs(fresh[i]);
                if (before != after) problems.Add($"{name}, cell {i + 1}: {FirstDifference(before, after)}");
            }
        }

        foreach (var problem in problems) output.WriteLine(problem);
        Assert.True(problems.Count == 0, "committed outputs differ from a clean run; run `course run --in-place` on these chapters and commit them:\n" + string.Join("\n", problems));
    }

    private static bool IsMeasured(NotebookCell cell) =>
        cell.Metadata["tags"] is JsonArray tags && tags.Any(t => (string?)t == "measured");

    private static string Outputs(NotebookCell cell) => string.Join("\n", cell.Outputs.Select(o => o.Json.ToJsonString()));

    private static string FirstDifference(string before, string after)
    {
        int at = 0;
        while (at < before.Length && at < after.Length && before[at] == after[at]) at++;
        string Around(string s) => s.Substring(Math.Max(0, at - 40), Math.Min(s.Length - Math.Max(0, at - 40), 100));
        return $"committed ...{Around(before)}... but a clean run gives ...{Around(after)}...";
    }
}
