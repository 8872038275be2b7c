using System.Diagnostics;
using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;

namespace RnnCourse.Bench;

/// <summary>
/// Training throughput of a char model (vocab 65, embedding = hidden): tokens per second for one full
/// step — forward, cross-entropy, backward, ClipGradNorm(5), AdamW — median of several timed steps.
/// With --pytorch, bench/pytorch/char_rnn_bench.py times the same step in PyTorch right after each row
/// (the best of 1 and 2 threads under either OMP_WAIT_POLICY), so the two are compared on the same machine in the same run.
/// </summary>
internal static class RnnBench
{
    private sealed record Shape(RecurrentKind Kind, int Hidden, int Layers, int Batch, int Steps, double PyTorchTokensPerSecond);

    // The PyTorch 1.13 CPU figures (best thread setting) from the reference machine; 0 = none given.
    private static readonly Shape[] Shapes =
    [
        new(RecurrentKind.Elman, 128, 2, 50, 50, 0),
        new(RecurrentKind.Lstm, 128, 2, 50, 50, 60_000),
        new(RecurrentKind.Gru, 128, 2, 50, 50, 0),
        new(RecurrentKind.Elman, 512, 2, 32, 64, 23_000),
        new(RecurrentKind.Lstm, 512, 2, 32, 64, 6_400),
        new(RecurrentKind.Gru, 512, 2, 32, 64, 8_400),
    ];

    /// <summary>Minimum warm-up before timing (and at least two steps).</summary>
    private const double WarmUpSeconds = 4;

    public static int Run(string[] args)
    {
        if (Options.Unknown(args, ["--runs", "--threads", "--only"], "--pytorch") is { } error)
        {
            Console.Error.WriteLine($"rnn: {error}");
            return 1;
        }
        int runs = Options.Int(args, "--runs", 7);
        int[] threads = Options.Ints(args, "--threads", [1, Environment.ProcessorCount]);
        string? only = Options.String(args, "--only");
        bool pytorch = args.Contains("--pytorch");
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"GEMM provider: {RnnCourse.Tensors.Blas.Gemm.Provider.Name}; median of {runs} timed steps after {WarmUpSeconds:0} s of warm-up steps.");
        Console.WriteLine($"Load average at start: {Machine.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| model | H | L | B | T | threads | tokens/s | vs issue's PyTorch figure | PyTorch here, best setting | vs PyTorch here |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (Shape s in Shapes)
        {
            if (only is not null && !$"{s.Kind}{s.Hidden}".Equals(only, StringComparison.OrdinalIgnoreCase)) continue;
            var rows = new List<(int Threads, double TokensPerSecond)>();
            foreach (int t in threads.Distinct())
            {
                Parallelism.MaxThreads = t;
                rows.Add((t, Measure(s, runs)));
            }
            double? here = pytorch ? PyTorchReference.CharTokensPerSecond(s.Kind, s.Hidden, runs) : null;
            foreach (var (t, tps) in rows)
            {
                string figure = s.PyTorchTokensPerSecond > 0 ? $"{tps / s.PyTorchTokensPerSecond:F2}x of {s.PyTorchTokensPerSecond:N0}" : "–";
                string measured = here is double h ? $"{h:N0}" : "–";
                string ratio = here is double r ? $"{tps / r:F2}x" : "–";
                Console.WriteLine($"| {s.Kind} | {s.Hidden} | {s.Layers} | {s.Batch} | {s.Steps} | {t} | {tps:N0} | {figure} | {measured} | {ratio} |");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Load average at end: {Machine.LoadAverage()}");
        return 0;
    }

    private static double Measure(Shape s, int runs)
    {
        const int vocab = 65;
        var g = new Generator(1);
        var model = new RecurrentLanguageModel(new LanguageModelConfig(s.Kind, vocab, s.Hidden, s.Hidden, s.Layers), g);
        var optimizer = new AdamW(model.Parameters());
        int tokens = s.Batch * s.Steps;
        int[] inputs = Enumerable.Range(0, tokens).Select(_ => g.NextInt(vocab)).ToArray();
        int[] targets = Enumerable.Range(0, tokens).Select(_ => g.NextInt(vocab)).ToArray();

        void TrainStep()
        {
            optimizer.ZeroGrad();
            var (logits, _) = model.Forward(inputs, s.Batch, s.Steps);
            Tensor loss = Functional.CrossEntropy(logits, targets);
            loss.Backward();
            ClipGrad.Norm(model.Parameters(), 5f);
            optimizer.Step();
        }

        // Warm up for a few seconds, not a fixed count (see Timing.MedianSeconds).
        return tokens / Timing.MedianSeconds(TrainStep, runs, WarmUpSeconds);
    }
}
