using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RnnCourse.Tensors;
using RnnCourse.Tensors.Blas;

namespace RnnCourse.Bench;

/// <summary>
/// GFLOP/s (2 m n k / time) of each GEMM provider on square and RNN-step shapes, on one thread and
/// on all threads; each cell is the median of several timed runs after a warm-up.
/// Options: --runs N (default 7), --threads 1,2 (default 1 and all cores),
/// --shapes 1024,32x512x2048 (m or m x k x n; default the course's list), --providers managed,openblas.
/// </summary>
internal static class GemmBench
{
    /// <summary>(m, k, n): op(A) is m x k, op(B) is k x n.</summary>
    private static readonly (int M, int K, int N)[] DefaultShapes =
    [
        (64, 64, 64), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024),
        (32, 512, 2048), (50, 128, 512),
    ];

    /// <summary>Target time of one timed run; short calls repeat until it is reached.</summary>
    private const double RunSeconds = 0.08;

    public static int Run(string[] args)
    {
        if (Options.Unknown(args, ["--runs", "--threads", "--shapes", "--providers"]) is { } error)
        {
            Console.Error.WriteLine($"gemm: {error}");
            return 1;
        }
        int runs = Options.Int(args, "--runs", 7);
        int[] threadCounts = Options.Ints(args, "--threads", Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1]);
        var shapes = Options.String(args, "--shapes") is { } list ? list.Split(',').Select(ParseShape).ToArray() : DefaultShapes;
        string[] providerNames = Options.Strings(args, "--providers", ["managed", "openblas"]);

        var providers = new List<IGemmProvider>();
        foreach (string name in providerNames)
        {
            if (name == "openblas" && !OpenBlasGemm.IsAvailable)
            {
                Console.WriteLine("skipped: OpenBLAS not found (apt-get install libopenblas0)");
                continue;
            }
            providers.Add(Gemm.ByName(name));
        }

        PrintMachine();
        Console.WriteLine();
        string header = "| shape (m x k * k x n) | threads | " + string.Join(" | ", providers.Select(p => $"{p.Name} GFLOP/s"));
        bool ratio = providers.Any(p => p.Name == "managed") && providers.Any(p => p.Name == "openblas");
        Console.WriteLine(header + (ratio ? " | managed / openblas |" : " |"));
        Console.WriteLine("|---|---:|" + string.Concat(providers.Select(_ => "---:|")) + (ratio ? "---:|" : ""));

        int savedThreads = Parallelism.MaxThreads;
        try
        {
            foreach (var (m, k, n) in shapes)
                foreach (int threads in threadCounts)
                {
                    Parallelism.MaxThreads = threads;
                    double[] rates = Measure(providers, m, k, n, runs);
                    string row = $"| {m}x{k} * {k}x{n} | {threads} | " + string.Join(" | ", rates.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)));
                    if (ratio)
                    {
                        double managed = rates[providers.FindIndex(p => p.Name == "managed")];
                        double openblas = rates[providers.FindIndex(p => p.Name == "openblas")];
                        row += $" | {(managed / openblas).ToString("F2", CultureInfo.InvariantCulture)}x";
                    }
                    Console.WriteLine(row + " |");
                }
        }
        finally
        {
            Parallelism.MaxThreads = savedThreads;
        }
        Console.WriteLine();
        Console.WriteLine($"- load average at end: {Machine.LoadAverage()}");
        return 0;
    }

    private static (int M, int K, int N) ParseShape(string text)
    {
        int[] parts = text.Split('x').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return parts.Length switch
        {
            1 => (parts[0], parts[0], parts[0]),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw new ArgumentException($"Shape '{text}' is neither N nor MxKxN."),
        };
    }

    /// <summary>
    /// Median GFLOP/s of each provider over <paramref name="runs"/> timed runs of C = A B (no
    /// transposes, beta = 0). Each provider is measured in one block after its own warm-up: run by run
    /// alternation would let OpenBLAS's idle workers, which keep spinning for about 0.1 s after a call,
    /// compete with the managed threads.
    /// </summary>
    private static double[] Measure(List<IGemmProvider> providers, int m, int k, int n, int runs)
    {
        var random = new Random(42);
        float[] a = RandomMatrix(random, m * k), b = RandomMatrix(random, k * n), c = new float[m * n];
        double flops = 2.0 * m * n * k;
        var medians = new double[providers.Count];
        for (int p = 0; p < providers.Count; p++)
        {
            var provider = providers[p];
            // Warm up (JIT tiers, packing buffers, helper threads; the previous provider's idle workers
            // go to sleep) and size one run to about RunSeconds.
            var clock = Stopwatch.StartNew();
            int calls = 0;
            while (clock.Elapsed.TotalSeconds < 0.3 || calls < 3)
            {
                provider.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
                calls++;
            }
            int repeat = Math.Max(1, (int)(RunSeconds / (clock.Elapsed.TotalSeconds / calls)));

            var rates = new double[runs];
            for (int r = 0; r < runs; r++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < repeat; i++)
                    provider.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
                rates[r] = flops * repeat / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
            }
            medians[p] = Median(rates);
        }
        return medians;
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static float[] RandomMatrix(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static void PrintMachine()
    {
        var managed = new ManagedGemm();
        Console.WriteLine($"- {Machine.Describe()}");
        Console.WriteLine($"- managed kernel {managed.KernelName}");
        Console.WriteLine(OpenBlasGemm.IsAvailable
            ? $"- OpenBLAS: {OpenBlasGemm.LibraryPath} ({OpenBlasGemm.Configuration ?? "no config string"})"
            : "- OpenBLAS: not found");
        if (Avx512F.IsSupported || Fma.IsSupported)
            Console.WriteLine($"- FMA peak of one core (register-only loop): {FmaPeak():F1} GFLOP/s");
        Console.WriteLine($"- load average at start: {Machine.LoadAverage()}");
    }

    /// <summary>
    /// The most GFLOP/s one core can issue: 12 independent FMA chains on registers, no memory traffic,
    /// best of several 50 ms tries. The ceiling for any single-thread GEMM on this machine.
    /// </summary>
    private static double FmaPeak()
    {
        double best = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long start = Stopwatch.GetTimestamp();
            long steps = 0;
            float sink = 0;
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < 0.05)
            {
                sink += Avx512F.IsSupported ? FmaChains512(100_000) : FmaChains256(100_000);
                steps += 100_000;
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            int lanes = Avx512F.IsSupported ? 16 : 8;
            best = Math.Max(best, steps * 12.0 * lanes * 2 / seconds / 1e9 + (sink == 42 ? 1e-9 : 0));
        }
        return best;
    }

    private static float FmaChains512(int steps)
    {
        Vector512<float> x = Vector512.Create(0.999f), y = Vector512.Create(0.001f);
        Vector512<float> c0 = x, c1 = y, c2 = x, c3 = y, c4 = x, c5 = y, c6 = x, c7 = y, c8 = x, c9 = y, c10 = x, c11 = y;
        for (int i = 0; i < steps; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, x, y); c1 = Avx512F.FusedMultiplyAdd(c1, x, y);
            c2 = Avx512F.FusedMultiplyAdd(c2, x, y); c3 = Avx512F.FusedMultiplyAdd(c3, x, y);
            c4 = Avx512F.FusedMultiplyAdd(c4, x, y); c5 = Avx512F.FusedMultiplyAdd(c5, x, y);
            c6 = Avx512F.FusedMultiplyAdd(c6, x, y); c7 = Avx512F.FusedMultiplyAdd(c7, x, y);
            c8 = Avx512F.FusedMultiplyAdd(c8, x, y); c9 = Avx512F.FusedMultiplyAdd(c9, x, y);
            c10 = Avx512F.FusedMultiplyAdd(c10, x, y); c11 = Avx512F.FusedMultiplyAdd(c11, x, y);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static float FmaChains256(int steps)
    {
        Vector256<float> x = Vector256.Create(0.999f), y = Vector256.Create(0.001f);
        Vector256<float> c0 = x, c1 = y, c2 = x, c3 = y, c4 = x, c5 = y, c6 = x, c7 = y, c8 = x, c9 = y, c10 = x, c11 = y;
        for (int i = 0; i < steps; i++)
        {
            c0 = Fma.MultiplyAdd(c0, x, y); c1 = Fma.MultiplyAdd(c1, x, y);
            c2 = Fma.MultiplyAdd(c2, x, y); c3 = Fma.MultiplyAdd(c3, x, y);
            c4 = Fma.MultiplyAdd(c4, x, y); c5 = Fma.MultiplyAdd(c5, x, y);
            c6 = Fma.MultiplyAdd(c6, x, y); c7 = Fma.MultiplyAdd(c7, x, y);
            c8 = Fma.MultiplyAdd(c8, x, y); c9 = Fma.MultiplyAdd(c9, x, y);
            c10 = Fma.MultiplyAdd(c10, x, y); c11 = Fma.MultiplyAdd(c11, x, y);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
