using System.Diagnostics;
using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Bench;

/// <summary>
/// The embedding folded into layer 0 or not (RecurrentLanguageModel.FoldEmbedding), measured both ways over a
/// range of vocabulary sizes: a training pass (forward, cross-entropy, backward) and an evaluation pass
/// (forward without gradients), milliseconds, the two ways alternating and the median of several runs.
/// The rule the model follows, fold when V ≤ B·T, should pick the faster column in every row.
/// </summary>
internal static class FoldBench
{
    private sealed record Shape(int Hidden, int Batch, int Steps, int[] Vocabularies);

    private static readonly Shape[] Shapes =
    [
        new(200, 20, 35, [65, 350, 700, 1_400, 3_500, 14_301, 30_000]), // word_language_model: B·T = 700
        new(128, 50, 50, [65, 1_250, 2_500, 5_000]),                    // the char benchmark's small models: B·T = 2,500
        new(512, 32, 64, [65, 1_024, 2_048, 4_096]),                    // and its large ones: B·T = 2,048
    ];

    public static int Run(string[] args)
    {
        if (Options.Unknown(args, ["--runs", "--threads"]) is { } error)
        {
            Console.Error.WriteLine($"fold: {error}");
            return 1;
        }
        int runs = Options.Int(args, "--runs", 7);
        Parallelism.MaxThreads = Options.Int(args, "--threads", Environment.ProcessorCount);
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"Load average at start: {Machine.LoadAverage()}; {Parallelism.MaxThreads} threads; LSTM, 2 layers, embedding = hidden, median of {runs} runs.");
        Console.WriteLine();
        Console.WriteLine("| H | B·T | V | rule | train ms, folded | train ms, unfolded | eval ms, folded | eval ms, unfolded |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach (Shape s in Shapes)
            foreach (int vocabulary in s.Vocabularies)
            {
                var g = new Generator(1);
                var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, vocabulary, s.Hidden, s.Hidden, 2), g);
                int rows = s.Batch * s.Steps;
                int[] ids = Enumerable.Range(0, rows).Select(_ => g.NextInt(vocabulary)).ToArray();
                int[] targets = Enumerable.Range(0, rows).Select(_ => g.NextInt(vocabulary)).ToArray();
                void Train()
                {
                    model.ZeroGrad();
                    Functional.CrossEntropy(model.Forward(ids, s.Batch, s.Steps).Logits, targets).Backward();
                }
                void Evaluate()
                {
                    using var _ = Torch.NoGrad();
                    Functional.CrossEntropy(model.Forward(ids, s.Batch, s.Steps).Logits, targets);
                }
                model.FoldEmbedding = null;
                string rule = model.FoldsEmbedding(rows) ? "fold" : "no fold";
                var (trainFolded, trainUnfolded) = BothWays(model, Train, runs);
                model.Eval();
                var (evalFolded, evalUnfolded) = BothWays(model, Evaluate, runs);
                Console.WriteLine($"| {s.Hidden} | {rows:N0} | {vocabulary:N0} | {rule} | {trainFolded:F1} | {trainUnfolded:F1} | {evalFolded:F1} | {evalUnfolded:F1} |");
            }
        Console.WriteLine();
        Console.WriteLine($"Load average at end: {Machine.LoadAverage()}");
        return 0;
    }

    /// <summary>Median milliseconds of <paramref name="pass"/> folded and unfolded, alternating, after 2 s of warm-up each way.</summary>
    private static (double Folded, double Unfolded) BothWays(RecurrentLanguageModel model, Action pass, int runs)
    {
        foreach (bool fold in new[] { true, false })
        {
            model.FoldEmbedding = fold;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < 2 || Stopwatch.GetElapsedTime(start).TotalSeconds < 2; i++) pass();
        }
        var folded = new double[runs];
        var unfolded = new double[runs];
        for (int r = 0; r < runs; r++)
            foreach (bool fold in new[] { true, false })
            {
                model.FoldEmbedding = fold;
                long start = Stopwatch.GetTimestamp();
                pass();
                (fold ? folded : unfolded)[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        model.FoldEmbedding = null;
        return (folded.Order().ElementAt(runs / 2), unfolded.Order().ElementAt(runs / 2));
    }
}
