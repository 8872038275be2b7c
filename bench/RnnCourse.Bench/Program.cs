// The course's benchmarks: a plain CLI that prints a Markdown table per benchmark.
// Usage: dotnet run -c Release --project bench/RnnCourse.Bench -- <gemm|ngram|rnn|wordlm|fold|scan> [options]
using RnnCourse.Bench;

var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["gemm"] = GemmBench.Run,
    ["ngram"] = NGramBench.Run,
    ["rnn"] = RnnBench.Run,
    ["wordlm"] = WordLmBench.Run,
    ["fold"] = FoldBench.Run,
    ["scan"] = ScanBench.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: RnnCourse.Bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return args.Length == 0 ? 0 : 1;
}
return run(args[1..]);
