using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using RnnCourse.Data;
using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Bench;

/// <summary>
/// pytorch/examples' word_language_model in its default configuration, trained by the library
/// (RecurrentLanguageModel + Trainer) and by PyTorch (bench/pytorch/word_lm_bench.py, the example's code) on
/// the same token ids from the same initial weights, in one run: training and evaluation tokens per second,
/// and the validation perplexity after a fixed number of steps with the same window layout (PyTorch's:
/// TokenStreamBatches keeping the partial window). Corpora: tiny Shakespeare's words (V ≈ 14,300) and a
/// synthetic Zipf-distributed stream over 30,000 ids (the large-V case).
/// </summary>
internal static class WordLmBench
{
    // main.py's defaults: --emsize 200 --nhid 200 --nlayers 2 --dropout 0.2 --lr 20 --clip 0.25 --bptt 35
    // --batch_size 20 (eval_batch_size 10) --seed 1111, LSTM, untied.
    private const int EmbeddingSize = 200, HiddenSize = 200, Layers = 2, Bptt = 35, BatchSize = 20, EvalBatchSize = 10;
    private const float DefaultDropout = 0.2f, Clip = 0.25f;
    private const double LearningRate = 20;
    private const ulong Seed = 1111;

    /// <summary>Minimum warm-up before timing: .NET recompiles hot methods optimised only after they have run a while.</summary>
    private const double WarmUpSeconds = 4;

    private sealed record WordCorpus(string Name, int VocabSize, int[] Train, int[] Validation);

    private sealed record Speed(string Side, string Setting, double TrainTokensPerSecond, double EvalTokensPerSecond);

    public static int Run(string[] args)
    {
        if (Options.Unknown(args, ["--steps", "--timed-steps", "--runs", "--threads", "--only", "--dropout"], "--pytorch") is { } error)
        {
            Console.Error.WriteLine($"wordlm: {error}");
            return 1;
        }
        int steps = Options.Int(args, "--steps", 300, minimum: 0); // 0: no perplexity runs
        int timedSteps = Options.Int(args, "--timed-steps", 30);
        int runs = Options.Int(args, "--runs", 3);
        int[] threads = Options.Ints(args, "--threads", [Environment.ProcessorCount]);
        string? only = Options.String(args, "--only");
        // --dropout 0 makes both sides deterministic: the perplexities then differ only by the two implementations' rounding.
        float dropout = (float)Options.Double(args, "--dropout", DefaultDropout, minimum: 0);
        bool pytorch = args.Contains("--pytorch");
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"Load average at start: {Machine.LoadAverage()}");
        Console.WriteLine($"LSTM {Layers} x {HiddenSize}, embedding {EmbeddingSize}, dropout {dropout} (embedding, between layers, before the head), " +
                          $"SGD lr {LearningRate} / 4 on a plateau, clip {Clip}, bptt {Bptt}, batch {BatchSize} (evaluation {EvalBatchSize}).");
        Console.WriteLine($"Training tokens/s: median of {timedSteps} timed steps after {WarmUpSeconds:0} s of warm-up; evaluation: median of {runs} passes over the validation stream.");
        foreach (var (name, load) in new (string, Func<WordCorpus>)[] { ("shakespeare", Shakespeare), ("synthetic", Synthetic) })
            if (only is null || name.StartsWith(only, StringComparison.OrdinalIgnoreCase))
                RunCorpus(load(), dropout, steps, timedSteps, runs, threads, pytorch);
        Console.WriteLine();
        Console.WriteLine($"Load average at end: {Machine.LoadAverage()}");
        return 0;
    }

    private static void RunCorpus(WordCorpus corpus, float dropout, int steps, int timedSteps, int runs, int[] threads, bool pytorch)
    {
        DirectoryInfo folder = Directory.CreateTempSubdirectory("rnncourse-wordlm-");
        try
        {
            string init = WriteFiles(corpus, dropout, folder.FullName);
            Console.WriteLine();
            Console.WriteLine($"### {corpus.Name}: V = {corpus.VocabSize:N0}, {corpus.Train.Length:N0} training and {corpus.Validation.Length:N0} validation tokens");
            Console.WriteLine();
            Console.WriteLine("| side | setting | train tokens/s | eval tokens/s |");
            Console.WriteLine("|---|---|---:|---:|");
            var library = new List<Speed>();
            foreach (int t in threads.Distinct())
            {
                Parallelism.MaxThreads = t;
                var (train, evaluation) = LibrarySpeed(corpus, dropout, init, timedSteps, runs);
                library.Add(Print(new Speed("RnnCourse", $"{t} thread{(t > 1 ? "s" : "")}", train, evaluation)));
            }
            var reference = new List<(Speed Speed, string Policy, int Threads)>();
            if (pytorch)
                foreach (string policy in PyTorchReference.WaitPolicies)
                {
                    string? output = PyTorchReference.Run("word_lm_bench.py", policy,
                        ["--data", folder.FullName, "--threads", "1,2", "--timed-steps", Arg(timedSteps), "--runs", Arg(runs)]);
                    if (output is null) break;
                    foreach (string[] cells in PyTorchReference.Rows(output, cell => int.TryParse(cell, out _))) // | threads | train | eval |
                    {
                        int t = int.Parse(cells[0], CultureInfo.InvariantCulture);
                        var speed = new Speed("PyTorch " + Version(output), $"{policy}, {t} thread{(t > 1 ? "s" : "")}",
                                              PyTorchReference.Number(cells[1]), PyTorchReference.Number(cells[2]));
                        reference.Add((Print(speed), policy, t));
                    }
                }
            Console.WriteLine();
            Speed ours = library[^1]; // the last thread count given, all cores by default
            if (reference.Count > 0)
            {
                var bestTrain = reference.MaxBy(r => r.Speed.TrainTokensPerSecond);
                var bestEval = reference.MaxBy(r => r.Speed.EvalTokensPerSecond);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RnnCourse ({ours.Setting}) / PyTorch's best: training {ours.TrainTokensPerSecond / bestTrain.Speed.TrainTokensPerSecond:F2}x ({bestTrain.Speed.Setting}), " +
                    $"evaluation {ours.EvalTokensPerSecond / bestEval.Speed.EvalTokensPerSecond:F2}x ({bestEval.Speed.Setting})"));
            }
            if (steps <= 0) return;
            var (perplexity, seconds) = LibraryPerplexity(corpus, dropout, init, steps);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"Validation perplexity after {steps} steps, same initial weights and windows, dropout {dropout}: RnnCourse {perplexity:F2} ({seconds:F0} s, {ours.Setting})");
            if (reference.Count > 0)
            {
                var best = reference.MaxBy(r => r.Speed.TrainTokensPerSecond);
                string? output = PyTorchReference.Run("word_lm_bench.py", best.Policy,
                    ["--data", folder.FullName, "--threads", Arg(best.Threads), "--timed-steps", "0", "--steps", Arg(steps)]);
                string? result = output?.Split('\n').FirstOrDefault(l => l.StartsWith("perplexity after", StringComparison.Ordinal));
                if (result is not null)
                {
                    double theirs = double.Parse(result.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    line += string.Create(CultureInfo.InvariantCulture,
                        $", PyTorch {theirs:F2} ({result[(result.IndexOf('(') + 1)..^1]}, {best.Policy}): {100 * (perplexity / theirs - 1):+0.00;-0.00}%");
                }
            }
            Console.WriteLine(line);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Speed Print(Speed s)
    {
        Console.WriteLine($"| {s.Side} | {s.Setting} | {s.TrainTokensPerSecond:N0} | {s.EvalTokensPerSecond:N0} |");
        return s;
    }

    private static string Arg(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Version(string output) => output.Split('\n')[0].Split(' ', ',')[1];

    /// <summary>
    /// Tiny Shakespeare's words as the example reads a corpus: each line's tokens then an end-of-line token
    /// (&lt;/s&gt; here, its &lt;eos&gt;), the vocabulary taken from the whole text; split 90/10 by characters.
    /// </summary>
    private static WordCorpus Shakespeare()
    {
        TextCorpus text = Corpus.TinyShakespeare();
        var tokenizer = WordTokenizer.Train(text.Text);
        int[] Encode(string part)
        {
            string[] lines = part.Split('\n');
            if (lines[^1].Length == 0) lines = lines[..^1]; // the newline ends the last line
            return lines.SelectMany(line => tokenizer.EncodeToIds(line).Append(Vocabulary.EndId)).ToArray();
        }
        return new WordCorpus("Shakespeare words", tokenizer.VocabularySize, Encode(text.Train), Encode(text.Validation));
    }

    /// <summary>30,000 ids (4 specials and 29,996 words) drawn independently with Zipf's p(rank r) ∝ 1/r.</summary>
    private static WordCorpus Synthetic()
    {
        const int vocabulary = 30_000;
        var cumulative = new double[vocabulary - Vocabulary.SpecialCount];
        double total = 0;
        for (int r = 0; r < cumulative.Length; r++) cumulative[r] = total += 1.0 / (r + 1);
        var g = new Generator(Seed);
        int[] Draw(int count) => Enumerable.Range(0, count).Select(_ =>
        {
            int r = Array.BinarySearch(cumulative, g.NextDouble() * total);
            return Vocabulary.SpecialCount + (r >= 0 ? r : ~r);
        }).ToArray();
        return new WordCorpus("Synthetic words", vocabulary, Draw(250_000), Draw(25_000));
    }

    /// <summary>Writes what the PyTorch script reads (ids, the example's configuration, the initial weights); returns the weights' path.</summary>
    private static string WriteFiles(WordCorpus corpus, float dropout, string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "train.bin"), MemoryMarshal.AsBytes(corpus.Train.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "valid.bin"), MemoryMarshal.AsBytes(corpus.Validation.AsSpan()).ToArray());
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "LSTM", ["ntokens"] = corpus.VocabSize, ["emsize"] = EmbeddingSize, ["nhid"] = HiddenSize, ["nlayers"] = Layers,
            ["dropout"] = dropout, ["tied"] = false, ["lr"] = LearningRate, ["clip"] = Clip, ["bptt"] = Bptt,
            ["batch_size"] = BatchSize, ["eval_batch_size"] = EvalBatchSize, ["seed"] = Seed,
        }));
        // model.py's init_weights: encoder and decoder weights U(−0.1, 0.1), decoder bias 0; the LSTM keeps PyTorch's default.
        var g = new Generator(Seed);
        RecurrentLanguageModel model = NewModel(corpus, dropout, g);
        Init.Uniform(model.Embedding.Weight, -0.1f, 0.1f, g);
        Init.Uniform(model.Head.Weight, -0.1f, 0.1f, g);
        Init.Zeros(model.Head.Bias!);
        string path = Path.Combine(folder, "init.safetensors");
        model.Save(path);
        return path;
    }

    private static RecurrentLanguageModel NewModel(WordCorpus corpus, float dropout, Generator generator) =>
        new(new LanguageModelConfig(RecurrentKind.Lstm, corpus.VocabSize, EmbeddingSize, HiddenSize, Layers, dropout, EmbeddingDropout: dropout), generator);

    /// <summary>The example's loop through the library: SGD, clipping, lr / 4 when an evaluation does not improve.</summary>
    private static (RecurrentLanguageModel Model, Trainer Trainer) NewTrainer(WordCorpus corpus, float dropout, string init, int evalEvery)
    {
        RecurrentLanguageModel model = NewModel(corpus, dropout, new Generator(Seed));
        model.Load(init);
        var optimizer = new Sgd(model.Parameters(), LearningRate);
        var schedule = new ReduceLROnPlateau(optimizer, factor: 0.25, patience: 0, threshold: 0);
        return (model, new Trainer(model, optimizer, schedule, new TrainerOptions { MaxGradNorm = Clip, EvalEvery = evalEvery }));
    }

    /// <summary>main.py's batchify and get_batch: tracks of ⌊N / B⌋ tokens, windows of bptt, the last one shorter.</summary>
    private static TokenStreamBatches Windows(int[] tokens, int batch) => new(tokens, batch, Bptt, keepPartialWindow: true);

    private static (double Train, double Eval) LibrarySpeed(WordCorpus corpus, float dropout, string init, int timedSteps, int runs)
    {
        var (model, trainer) = NewTrainer(corpus, dropout, init, 0);
        TokenStreamBatches train = Windows(corpus.Train, BatchSize), validation = Windows(corpus.Validation, EvalBatchSize);
        int full = train.BatchesPerEpoch - 1; // the last window may be shorter
        int step = 0;
        long warmStart = Stopwatch.GetTimestamp();
        while (step < 2 || Stopwatch.GetElapsedTime(warmStart).TotalSeconds < WarmUpSeconds) trainer.TrainStep(train.GetBatch(0, step++ % full));
        var seconds = new double[timedSteps];
        for (int i = 0; i < timedSteps; i++)
        {
            LanguageModelBatch batch = train.GetBatch(0, step++ % full);
            long start = Stopwatch.GetTimestamp();
            trainer.TrainStep(batch);
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Evaluation.Evaluate(model, validation); // warm-up
        var passes = new double[runs];
        long tokens = 0;
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            tokens = Evaluation.Evaluate(model, validation).TokenCount;
            passes[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return (BatchSize * Bptt / Median(seconds), tokens / Median(passes));
    }

    private static (double Perplexity, double Seconds) LibraryPerplexity(WordCorpus corpus, float dropout, string init, int steps)
    {
        TokenStreamBatches train = Windows(corpus.Train, BatchSize), validation = Windows(corpus.Validation, EvalBatchSize);
        var (_, trainer) = NewTrainer(corpus, dropout, init, train.BatchesPerEpoch); // evaluations at each epoch's end, as main.py
        long start = Stopwatch.GetTimestamp();
        TrainingSummary summary = trainer.Train(train, steps, validation);
        return (summary.LastValidation!.Value.Perplexity, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
