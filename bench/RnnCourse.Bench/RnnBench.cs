using System.Diagnostics;
using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;

namespace RnnCourse.Bench;

/// <summary>
/// Training throughput of a char model (vocab 65, embedding = hidden): tokens per second for one full
/// step — forward, cross-entropy, backward, ClipGradNorm(5), AdamW — median of several timed steps.
/// </summary>
internal static class RnnBench
{
    private sealed record Shape(RecurrentKind Kind, int Hidden, int Layers, int Batch, int Steps, double PyTorchTokensPerSecond);

    // PyTorch 1.13 CPU, best thread setting, on the reference machine (see bench/README.md); 0 = not measured.
    private static readonly Shape[] Shapes =
    [
        new(RecurrentKind.Elman, 128, 2, 50, 50, 0),
        new(RecurrentKind.Lstm, 128, 2, 50, 50, 60_000),
        new(RecurrentKind.Gru, 128, 2, 50, 50, 0),
        new(RecurrentKind.Elman, 512, 2, 32, 64, 23_000),
        new(RecurrentKind.Lstm, 512, 2, 32, 64, 6_400),
        new(RecurrentKind.Gru, 512, 2, 32, 64, 8_400),
    ];

    public static int Run(string[] args)
    {
        int runs = Options.Int(args, "--runs", 7);
        int[] threads = Options.Ints(args, "--threads", [1, Environment.ProcessorCount]);
        string? only = Options.String(args, "--only");
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"GEMM provider: {RnnCourse.Tensors.Blas.Gemm.Provider.Name}; median of {runs} timed steps after 2 warm-up steps.");
        Console.WriteLine();
        Console.WriteLine("| model | H | L | B | T | threads | tokens/s | PyTorch tokens/s | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (Shape s in Shapes)
        {
            if (only is not null && !$"{s.Kind}{s.Hidden}".Equals(only, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (int t in threads.Distinct())
            {
                Parallelism.MaxThreads = t;
                double tps = Measure(s, runs);
                string reference = s.PyTorchTokensPerSecond > 0 ? $"{s.PyTorchTokensPerSecond:N0}" : "–";
                string ratio = s.PyTorchTokensPerSecond > 0 ? $"{tps / s.PyTorchTokensPerSecond:F2}x" : "–";
                Console.WriteLine($"| {s.Kind} | {s.Hidden} | {s.Layers} | {s.Batch} | {s.Steps} | {t} | {tps:N0} | {reference} | {ratio} |");
            }
        }
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

        TrainStep();
        TrainStep();
        var seconds = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            TrainStep();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        return tokens / seconds[runs / 2];
    }
}
