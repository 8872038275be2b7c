using System.Diagnostics;
using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Bench;

/// <summary>
/// Chapter 10's linear recurrence h_t = a_t ⊙ h_{t−1} + b_t, forward and backward, for T = 64 … 4096: the loop of
/// tensor ops (Functional.SequentialScan) against Heinsen's log-space scan (Functional.ParallelScanLog), alone and
/// inside a minGRU layer, and the fused GRU layer of the same width. Each cell is the median of several timed runs
/// of forward + backward of L = Σ w ⊙ h, after a warm-up.
/// Options: --runs N (default 5), --threads 1,2 (default 1 and all cores), --shapes 1x64,32x128 (B x H; default the
/// chapter's narrow and wide steps), --lengths 64,256,1024,4096.
/// </summary>
internal static class ScanBench
{
    /// <summary>Minimum warm-up per cell (and at least two calls): .NET optimises hot methods after they have run a while.</summary>
    private const double WarmUpSeconds = 1.0;

    public static int Run(string[] args)
    {
        if (Options.Unknown(args, ["--runs", "--threads", "--shapes", "--lengths"]) is { } error)
        {
            Console.Error.WriteLine($"scan: {error}");
            return 1;
        }
        int runs = Options.Int(args, "--runs", 5);
        int[] threadCounts = Options.Ints(args, "--threads", Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1]);
        (int Batch, int Hidden)[] shapes = Options.Strings(args, "--shapes", ["1x64", "32x128"]).Select(ParseShape).ToArray();
        int[] lengths = Options.Ints(args, "--lengths", [64, 256, 1024, 4096]);

        Console.WriteLine($"- {Machine.Describe()}");
        Console.WriteLine($"- load average at start: {Machine.LoadAverage()}");
        Console.WriteLine($"- forward + backward, median of {runs} runs after {WarmUpSeconds:0.#} s of warm-up; milliseconds");
        Console.WriteLine();
        Console.WriteLine("| B x H | T | threads | recurrence: loop | recurrence: scan | loop / scan | minGRU layer: loop | minGRU layer: scan | loop / scan | GRU layer | GRU / minGRU scan |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (var (batch, hidden) in shapes)
                foreach (int steps in lengths)
                    foreach (int threads in threadCounts.Distinct())
                    {
                        Parallelism.MaxThreads = threads;
                        var row = Measure(batch, steps, hidden, runs);
                            Console.WriteLine($"| {batch}x{hidden} | {steps} | {threads} | {row.Loop:F2} | {row.Scan:F2} | {row.Loop / row.Scan:F1}x | " +
                                          $"{row.LayerLoop:F2} | {row.LayerScan:F2} | {row.LayerLoop / row.LayerScan:F1}x | {row.Gru:F2} | {row.Gru / row.LayerScan:F1}x |");
                    }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
        Console.WriteLine();
        Console.WriteLine($"- load average at end: {Machine.LoadAverage()}");
        return 0;
    }

    private static (int Batch, int Hidden) ParseShape(string text)
    {
        string[] parts = text.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int batch) || !int.TryParse(parts[1], out int hidden) || batch < 1 || hidden < 1)
            throw new ArgumentException($"--shapes takes B x H pairs such as 1x64,32x128; got '{text}'.");
        return (batch, hidden);
    }

    private static (double Loop, double Scan, double LayerLoop, double LayerScan, double Gru) Measure(int batch, int steps, int hidden, int runs)
    {
        var g = new Generator(10);
        Tensor k = Torch.Randn(g, batch, steps, hidden), c = Torch.Randn(g, batch, steps, hidden);
        Tensor logA, logB;
        using (Torch.NoGrad()) (logA, logB) = Functional.MinGruLogCoefficients(k, c);   // gate-like coefficients
        Tensor a = logA.Exp().RequiresGrad_(), b = logB.Exp().RequiresGrad_();
        logA.RequiresGrad_();
        logB.RequiresGrad_();
        Tensor x = Torch.Randn(g, batch, steps, hidden).RequiresGrad_();
        Tensor w = Torch.Randn(g, batch, steps, hidden);
        var minGru = new MinGru(hidden, hidden, g);
        var gru = new Gru(hidden, hidden, generator: g);

        double loop = Median(() => (Functional.SequentialScan(a, b) * w).Sum().Backward(), runs, a, b);
        double scan = Median(() => (Functional.ParallelScanLog(logA, logB) * w).Sum().Backward(), runs, logA, logB);
        minGru.Parallel = false;
        double layerLoop = Median(() => (minGru.Forward(x).Output * w).Sum().Backward(), runs, [x, .. minGru.Parameters()]);
        minGru.Parallel = true;
        double layerScan = Median(() => (minGru.Forward(x).Output * w).Sum().Backward(), runs, [x, .. minGru.Parameters()]);
        double gruMs = Median(() => (gru.Forward(x).Output * w).Sum().Backward(), runs, [x, .. gru.Parameters()]);
        return (loop, scan, layerLoop, layerScan, gruMs);
    }

    /// <summary>The median milliseconds of <paramref name="run"/>, gradients of <paramref name="leaves"/> cleared before each call.</summary>
    private static double Median(Action run, int runs, params Tensor[] leaves)
    {
        void Once()
        {
            foreach (Tensor t in leaves) t.ZeroGrad();
            run();
        }
        return 1000 * Timing.MedianSeconds(Once, runs, WarmUpSeconds);
    }
}
