using RnnCourse.CourseTool.Tests.Support;

namespace RnnCourse.CourseTool.Tests.Results;

/// <summary>
/// <c>course results</c>: results/perplexity.csv read strictly, the README's section between the markers regenerated and
/// nothing else touched, --check, and the committed README table equal to what the command makes of the committed CSV.
/// </summary>
public class ResultsCommandTests
{
    private const string Csv = """
        corpus,model,split,loss_nats,bits,perplexity,parameters,train_seconds,tokens_per_second
        names,kneser-ney-6,test,1.9412,2.8006,6.967,210512,0.64,330000
        names,lstm,test,1.8903,2.7271,6.621,890143,221.4,5577
        shakespeare-words,gru,validation,4.8400,6.9826,126.469,2500000,130.0,8000
        """;

    private static string Readme(string section) => "# Course\n\nintro\n\n" + section + "\n\n## Next\n";

    [Fact]
    public void The_section_is_a_table_with_labels_and_the_lowest_loss_per_corpus_in_bold()
    {
        var rows = PerplexityResults.Parse(Csv);

        string section = PerplexityResults.Section(rows);

        Assert.StartsWith(PerplexityResults.Begin + "\n", section);
        Assert.EndsWith(PerplexityResults.End, section);
        Assert.Contains("| names, characters | test | Kneser-Ney 6-gram | 1.9412 | 2.801 | 6.97 | 210,512 | 0.64 s | 330,000 |", section);
        Assert.Contains("| names, characters | test | LSTM | **1.8903** | 2.727 | 6.62 | 890,143 | 221 s | 5,577 |", section);
        Assert.Contains("| tiny Shakespeare, words | validation | GRU | **4.8400** |", section);
        Assert.Contains("counts the distinct n-grams", section);
    }

    [Fact]
    public void Chapter_10s_models_are_labelled_as_coming_from_its_run()
    {
        var rows = PerplexityResults.Parse(Csv + "\nshakespeare-chars,mingru,validation,2.0222,2.9174,7.555,116805,26.3,23339\nshakespeare-chars,minlstm,validation,2.0091,2.8985,7.457,116805,18.6,33084\n");

        string section = PerplexityResults.Section(rows);

        Assert.Contains("| tiny Shakespeare, characters | validation | minGRU (chapter 10's run) | 2.0222 |", section);
        Assert.Contains("| tiny Shakespeare, characters | validation | minLSTM (chapter 10's run) | **2.0091** |", section);
        Assert.Contains("come from [chapter 10]", section);
        Assert.DoesNotContain("come from [chapter 10]", PerplexityResults.Section(PerplexityResults.Parse(Csv)));
    }

    [Fact]
    public void Rewriting_replaces_only_the_section_and_is_idempotent()
    {
        var rows = PerplexityResults.Parse(Csv);
        string before = Readme($"{PerplexityResults.Begin}\nold table\n{PerplexityResults.End}");

        string after = PerplexityResults.Rewrite(before, rows);

        Assert.StartsWith("# Course\n\nintro\n\n" + PerplexityResults.Begin, after);
        Assert.EndsWith(PerplexityResults.End + "\n\n## Next\n", after);
        Assert.DoesNotContain("old table", after);
        Assert.Equal(after, PerplexityResults.Rewrite(after, rows));
        Assert.Equal(PerplexityResults.Section(rows), PerplexityResults.CurrentSection(after));
    }

    [Theory]
    [InlineData("corpus,model\nnames,lstm\n", "must start with the header")]
    [InlineData(PerplexityResults.Header + "\nnames,lstm,test,1.8,2.6\n", "line 2 has 5 fields, expected 9")]
    [InlineData(PerplexityResults.Header + "\nnames,lstm,test,abc,2.6,6.6,10,1,1\n", "line 2: loss_nats 'abc' is not a finite number")]
    [InlineData(PerplexityResults.Header + "\nnames,lstm,test,1.8,2.6,6.6,1.5,1,1\n", "parameters '1.5' is not a whole number")]
    [InlineData(PerplexityResults.Header + "\n", "no rows")]
    [InlineData(PerplexityResults.Header + "\nnames,lstm,test,1.8,2.6,6.6,10,1,1\nnames,lstm,test,1.7,2.6,6.6,10,1,1\n", "2 rows for lstm on names (test)")]
    public void A_malformed_csv_is_refused_naming_the_line(string csv, string message)
    {
        var e = Assert.Throws<UsageException>(() => PerplexityResults.Parse(csv, "results/perplexity.csv"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_readme_without_the_markers_is_refused_with_what_to_add()
    {
        var rows = PerplexityResults.Parse(Csv);
        Assert.Contains("put <!-- results:begin --> and <!-- results:end -->",
            Assert.Throws<UsageException>(() => PerplexityResults.Rewrite("# no table\n", rows)).Message);
        Assert.Contains("once", Assert.Throws<UsageException>(() =>
            PerplexityResults.Rewrite($"{PerplexityResults.End}\n{PerplexityResults.Begin}\n", rows)).Message);
    }

    [Fact]
    public void The_command_writes_the_readme_and_check_reports_a_difference_with_exit_code_2()
    {
        using var folder = new TempFolder();
        string csv = folder.WriteText("perplexity.csv", Csv);
        string readme = folder.WriteText("README.md", Readme($"{PerplexityResults.Begin}\nold\n{PerplexityResults.End}"));

        var (checkExit, checkLog) = CourseCommand.Run("results", "--csv", csv, "--readme", readme, "--check");
        Assert.Equal(2, checkExit);
        Assert.Contains("differs", checkLog);
        Assert.Contains("old", File.ReadAllText(readme));

        var (exit, log) = CourseCommand.Run("results", "--csv", csv, "--readme", readme);
        Assert.True(exit == 0, log);
        Assert.Contains("rewritten", log);
        Assert.Equal(PerplexityResults.Rewrite(Readme($"{PerplexityResults.Begin}\nold\n{PerplexityResults.End}"), PerplexityResults.Parse(Csv)), File.ReadAllText(readme));

        var (again, againLog) = CourseCommand.Run("results", "--csv", csv, "--readme", readme, "--check");
        Assert.True(again == 0, againLog);
        Assert.Contains("already matches", againLog);
    }

    [Fact]
    public void A_missing_csv_says_which_chapter_writes_it()
    {
        using var folder = new TempFolder();
        var (exit, log) = CourseCommand.Run("results", "--csv", folder.Combine("none.csv"), "--readme", folder.WriteText("README.md", "x"));
        Assert.Equal(1, exit);
        Assert.Contains("run chapter 9 in full mode", log);
    }

    [Fact]
    public void The_committed_readme_table_is_what_course_results_makes_of_the_committed_csv()
    {
        string csv = Path.Combine(Repository.Root, "results", "perplexity.csv");
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.True(File.Exists(csv), "results/perplexity.csv is missing: chapter 9's full run writes it, and it is committed.");
        var rows = PerplexityResults.Parse(File.ReadAllText(csv), "results/perplexity.csv");

        Assert.Equal(PerplexityResults.Section(rows), PerplexityResults.CurrentSection(readme));
        foreach (string corpus in new[] { "names", "shakespeare-chars", "shakespeare-words" })
            foreach (string model in new[] { "elman", "lstm", "gru" })
                Assert.Contains(rows, r => r.Corpus == corpus && r.Model == model);
        Assert.Equal(3, rows.Count(r => r.Model.StartsWith("kneser-ney-", StringComparison.Ordinal)));
        if (File.Exists(Path.Combine(Repository.Root, "results", "mingru.csv")))
            foreach (string model in new[] { "mingru", "minlstm" })
                Assert.Contains(rows, r => r.Corpus == "shakespeare-chars" && r.Model == model);
    }
}
