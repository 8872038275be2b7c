using System.Diagnostics;
using System.Xml.Linq;
using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests;

public class CliTests
{
    private static (int ExitCode, string Out, string Err) RunCli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_good_notebook_exits_0_and_the_output_path_gets_the_executed_notebook()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("Console.WriteLine(\"hi\");", "6 * 7"), "good.ipynb");
        var sourceBytes = File.ReadAllBytes(source);
        var output = folder.Combine("out", "good.ran.ipynb");

        var (code, stdout, _) = RunCli("--run", source, "--exit-after-run", "--output-path", output);

        Assert.Equal(Cli.Success, code);
        Assert.Contains("good.ipynb: 2 code cells, 0 failed", stdout);
        var executed = Notebook.Load(output);
        Assert.Equal("42", executed.CodeCells.Last().Outputs.Single().Data["text/plain"]);
        Assert.Equal(sourceBytes, File.ReadAllBytes(source));
    }

    [Fact]
    public void A_failing_cell_exits_2_and_the_failure_is_printed()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("1", "throw new Exception(\"bad cell\");", "3"), "bad.ipynb");

        var (code, stdout, _) = RunCli("--run", source, "--exit-after-run");

        Assert.Equal(Cli.CellsFailed, code);
        Assert.Contains("cell 2 failed: System.Exception: bad cell", stdout);
        Assert.Contains("3 code cells, 1 failed", stdout);
    }

    [Fact]
    public void Without_an_output_path_nothing_is_written_and_the_source_is_unchanged()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("Console.WriteLine(1);"), "n.ipynb");
        var before = File.ReadAllText(source);

        var (code, _, _) = RunCli("--run", source, "--exit-after-run");

        Assert.Equal(0, code);
        Assert.Equal(before, File.ReadAllText(source));
        Assert.Equal([source], Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Inputs_given_on_the_command_line_reach_the_cells()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells(
            "#!set --name size --value @input:size\n#!set --name other --value @input:\"other key\"\nsize + \"/\" + other"), "p.ipynb");
        var output = folder.Combine("p.out.ipynb");

        var (code, _, err) = RunCli("--run", source, "--input", "size=large", "--input", "other key=x y", "--output-path", output);

        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal("large/x y", Notebook.Load(output).CodeCells.Single().Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public void One_input_option_may_carry_several_pairs_as_in_dotnet_repl()
    {
        var options = CliOptions.Parse(["--run", ".", "--input", "a=1", "b=two words", "--input=c=3"], out var error);

        Assert.Null(error);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "two words", ["c"] = "3" }, options!.Inputs);
    }

    [Theory]
    [InlineData(new string[0], "Option '--run' is required")]
    [InlineData(new[] { "--run", "/no/such/notebook.ipynb" }, "File does not exist")]
    [InlineData(new[] { "--run", "{nb}", "--output-format", "html" }, "Argument 'html' not recognized")]
    [InlineData(new[] { "--run", "{nb}", "--input", "novalue" }, "<key>=<value>")]
    [InlineData(new[] { "--run", "{nb}", "--cell-timeout", "soon" }, "--cell-timeout")]
    [InlineData(new[] { "--run", "{nb}", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "--run", "{nb}", "--working-dir", "/no/such/folder" }, "Directory does not exist")]
    [InlineData(new[] { "--run", "{nb}", "--default-kernel", "fsharp" }, "only 'csharp'")]
    public void Usage_errors_exit_1_with_a_message(string[] args, string message)
    {
        using var folder = new TempFolder();
        var nb = folder.Save(Notebooks.OfCells("1"), "nb.ipynb");

        var (code, _, err) = RunCli(args.Select(a => a.Replace("{nb}", nb)).ToArray());

        Assert.Equal(Cli.UsageError, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Help_lists_the_options_and_exits_0()
    {
        var (code, stdout, _) = RunCli("--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--run", "--output-path", "--output-format", "--exit-after-run", "--working-dir", "--input", "--cell-timeout" })
        {
            Assert.Contains(option, stdout);
        }
    }

    [Fact]
    public void Trx_without_an_output_path_goes_to_standard_output_and_the_log_to_standard_error()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("1", "throw null;"), "t.ipynb");

        var (code, stdout, err) = RunCli("--run", source, "--output-format", "trx", "--exit-after-run");

        Assert.Equal(2, code);
        var trx = XDocument.Parse(stdout);
        Assert.Equal("TestRun", trx.Root!.Name.LocalName);
        Assert.Contains("t.ipynb: 2 code cells, 1 failed", err);
    }

    [Fact]
    public void An_output_path_that_is_a_folder_gets_a_file_named_after_the_notebook()
    {
        using var folder = new TempFolder();
        var source = folder.Save(Notebooks.OfCells("1"), "named.ipynb");
        var outFolder = Directory.CreateDirectory(folder.Combine("results")).FullName;

        var (code, _, _) = RunCli("--run", source, "--output-path", outFolder, "--output-format", "trx");

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(outFolder, "named.trx")));
    }

    [Fact]
    public void The_built_command_runs_as_a_process_with_dotnet_repl_exit_codes()
    {
        using var folder = new TempFolder();
        var good = folder.Save(Notebooks.OfCells("Console.WriteLine(\"from the process\");"), "good.ipynb");
        var bad = folder.Save(Notebooks.OfCells("throw new Exception(\"x\");"), "bad.ipynb");
        var output = folder.Combine("good.out.ipynb");

        var goodRun = RunProcess("--run", good, "--exit-after-run", "--output-path", output);
        var badRun = RunProcess("--run", bad, "--exit-after-run");
        var usage = RunProcess("--output-format", "trx");

        Assert.True(goodRun.ExitCode == 0, goodRun.Output);
        Assert.Equal("from the process\n", Notebook.Load(output).CodeCells.Single().Outputs.Single().Text);
        Assert.True(badRun.ExitCode == 2, badRun.Output);
        Assert.True(usage.ExitCode == 1, usage.Output);
    }

    private static (int ExitCode, string Output) RunProcess(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "rnn-notebook.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("rnn-notebook did not finish in 2 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
