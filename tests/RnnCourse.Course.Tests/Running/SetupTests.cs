using RnnCourse.CourseTool.Tests.Support;
using RnnCourse.Data;
using RnnCourse.Tests.Data;

namespace RnnCourse.CourseTool.Tests.Running;

/// <summary>What the course needs from outside: dotnet-repl and the corpora. Each missing piece is one clear message.</summary>
public class SetupTests
{
    [Fact]
    public void A_pinned_dotnet_repl_that_is_not_restored_says_to_run_dotnet_tool_restore()
    {
        using var folder = new TempFolder();
        folder.WriteText(".config/dotnet-tools.json", """{ "version": 1, "isRoot": true, "tools": { "dotnet-repl": { "version": "0.3.259", "commands": ["dotnet-repl"] } } }""");

        var error = Assert.Throws<SetupException>(() => DotnetRepl.Locate(folder.Path, packagesFolder: folder.Combine("empty-packages")));

        Assert.Equal($"dotnet-repl 0.3.259 is not installed: run `dotnet tool restore` in {folder.Path}.", error.Message);
    }

    [Fact]
    public void The_repository_pins_dotnet_repl_0_3_259()
    {
        string manifest = File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json"));
        var version = System.Text.Json.Nodes.JsonNode.Parse(manifest)!["tools"]!["dotnet-repl"]!["version"]!.GetValue<string>();

        Assert.Equal("0.3.259", version);
    }

    [Fact]
    public void Offline_without_the_corpora_course_run_stops_with_one_message_before_any_notebook()
    {
        using var folder = new TempFolder();
        string path = folder.Save(Notebooks.OfCells("1"), "chapter.ipynb");
        var resolver = new CorpusResolver(folder.Combine("no-data"), folder.Combine("cache"), FakeHttpHandler.Offline());
        var log = new StringWriter();

        var error = Assert.Throws<SetupException>(() => new RunCommand(Repository.Root, log, log).Execute(
            new RunRequest([path], "quick", null, false, "ipynb", null, resolver)));

        Assert.StartsWith("The corpus file names.txt was not found and could not be downloaded from https://raw.githubusercontent.com/karpathy/makemore/master/names.txt", error.Message);
        Assert.Contains("Name or service not known", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotContain("==", log.ToString());
    }

    [Fact]
    public void Course_data_lists_every_corpus_it_found()
    {
        using var folder = new TempFolder();
        var data = folder.Combine("data");
        Directory.CreateDirectory(data);
        var resolver = new CorpusResolver(data, folder.Combine("cache"), FakeHttpHandler.Offline());
        // Files with the right names but not the right bytes are refused, never used.
        File.WriteAllText(Path.Combine(data, "names.txt"), "emma\nolivia\n");
        var log = new StringWriter();

        var error = Assert.Throws<SetupException>(() => CourseData.Ensure(resolver, log));

        Assert.Contains("has SHA-256", error.Message);
        Assert.Contains("it is corrupt, truncated or a different file", error.Message);
        Assert.Equal("", log.ToString());
    }
}
