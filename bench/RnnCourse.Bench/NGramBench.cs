using System.Diagnostics;
using System.Runtime.InteropServices;
using RnnCourse.Data;
using RnnCourse.NGrams;
using RnnCourse.Text;

namespace RnnCourse.Bench;

/// <summary>
/// N-gram throughput on tiny Shakespeare: counting (all orders 1..n plus the smoothers' statistics) over
/// the whole text, and evaluating a Kneser-Ney model counted on the training 90% on the validation 10%.
/// Prints a Markdown table of medians. Options: --runs N (default 5).
/// </summary>
internal static class NGramBench
{
    public static int Run(string[] args)
    {
        if (Options.Unknown(args, ["--runs"]) is { } error)
        {
            Console.Error.WriteLine($"ngram: {error}");
            return 1;
        }
        int runs = Options.Int(args, "--runs", 5);

        TextCorpus corpus;
        try { corpus = Corpus.TinyShakespeare(); }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        var chars = CharTokenizer.Train(corpus.Text);
        var words = WordTokenizer.Train(corpus.Text);
        var rows = new List<string>();
        foreach (var (name, tokenizer) in new (string, Tokenizer)[] { ("characters", chars), ("words", words) })
        {
            int[] all = [.. tokenizer.EncodeToIds(corpus.Text)];
            int[] train = [.. tokenizer.EncodeToIds(corpus.Train)];
            int[] validation = [.. tokenizer.EncodeToIds(corpus.Validation)];
            foreach (int order in new[] { 3, 5 })
            {
                NGramCounts? counted = null;
                double countSeconds = Median(runs, () =>
                {
                    counted = NGramCounts.FromStream(all, order, tokenizer.VocabularySize);
                    counted.Freeze();
                });
                var model = new KneserNeyModel(NGramCounts.FromStream(train, order, tokenizer.VocabularySize));
                PerplexityResult result = default;
                double evaluateSeconds = Median(runs, () => result = Perplexity.Evaluate(model, validation, LogBase.Bits));
                rows.Add($"| {name} | {tokenizer.VocabularySize:N0} | {order} | {all.Length:N0} | {counted!.NodeTotal - 1:N0} | " +
                         $"{countSeconds * 1000:F0} | {all.Length / countSeconds / 1e6:F2} | " +
                         $"{validation.Length:N0} | {evaluateSeconds * 1000:F0} | {validation.Length / evaluateSeconds / 1e6:F2} | " +
                         $"{result.Perplexity:F2} |");
            }
        }

        Console.WriteLine($"## N-gram counting and evaluation (median of {runs} runs)");
        Console.WriteLine();
        Console.WriteLine(MachineInfo());
        Console.WriteLine();
        Console.WriteLine("| tokens | V | n | counted tokens | n-gram nodes | count ms | count M tokens/s | validation tokens | KN eval ms | eval M tokens/s | KN validation perplexity |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string row in rows) Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine($"Counting covers the whole text ({corpus.Text.Length:N0} characters) and all orders 1..n, with the statistics " +
                          "the smoothers need (context counts, continuation counts, counts of counts). Evaluation is interpolated " +
                          "modified Kneser-Ney counted on the first 90% and scored on the last 10% in stream mode. Vocabularies come " +
                          "from the whole text (characters; words by WordTokenizer.DefaultPattern, case kept).");
        return 0;
    }

    private static double Median(int runs, Action action)
    {
        action(); // warm-up: JIT and tiering
        var seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
    }

    private static string MachineInfo()
    {
        string cpu = "unknown CPU";
        try
        {
            string? line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name")) : null;
            if (line is not null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return $"Machine: {cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, " +
               $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; single-threaded.";
    }
}
