using static System.FormattableString;

namespace RnnCourse.RnnTrainer;

/// <summary>Everything a command line says, after defaults; <see cref="Validate"/> names the first bad value.</summary>
public sealed record Settings
{
    /// <summary>train, sample or eval.</summary>
    public string Command { get; init; } = "train";

    /// <summary>The command line as typed (after the program's name), to print the command that resumes a run.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The options given on the command line (not left to their defaults), e.g. "--hidden".</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    /// <summary>True when <paramref name="option"/> was given on the command line.</summary>
    public bool IsGiven(string option) => Given.Contains(option);

    // Data
    public string? DataPath { get; init; }
    public string? Corpus { get; init; }
    public string Format { get; init; } = "auto";
    public int? SplitSeed { get; init; }

    /// <summary>The seed of the split of line data: --split-seed, else 42 (Corpus.Names' default).</summary>
    public int EffectiveSplitSeed => SplitSeed ?? 42;

    // Model
    public string Model { get; init; } = "lstm";
    public int Order { get; init; } = 3;
    public string? Smoothing { get; init; }
    public double Delta { get; init; } = 1.0;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 1;
    public int? Embedding { get; init; }
    public float Dropout { get; init; }

    // Optimisation
    public int Batch { get; init; } = 32;
    public int Seq { get; init; } = 64;
    public double LearningRate { get; init; } = 2e-3;
    public double WeightDecay { get; init; } = 0.01;
    public string Schedule { get; init; } = "cosine";
    public int? Warmup { get; init; }
    public double? MinLearningRate { get; init; }
    public float Clip { get; init; } = 1f;
    public int Steps { get; init; } = 1000;
    public int EvalEvery { get; init; } = 200;
    public int EvalBatches { get; init; }
    public int LogEvery { get; init; } = 10;
    public int Seed { get; init; } = 42;

    // Machine and files
    public string Device { get; init; } = "cpu";
    public int? Threads { get; init; }
    public string? Checkpoint { get; init; }
    public bool Resume { get; init; }
    public bool Overwrite { get; init; }
    public string? HistoryPath { get; init; }

    // Sampling and evaluation
    public int Count { get; init; } = 10;
    public int? Length { get; init; }
    public float Temperature { get; init; } = 1f;
    public int? TopK { get; init; }
    public double? TopP { get; init; }
    public string Prime { get; init; } = "";
    public string? Split { get; init; }
    public bool OtherData { get; init; }

    /// <summary>True for the count-based models, which train by counting.</summary>
    public bool IsCountModel => Model is "bigram" or "ngram";

    /// <summary>n of the n-gram model: 2 for bigram.</summary>
    public int NGramOrder => Model == "bigram" ? 2 : Order;

    /// <summary>add-delta for bigram (makemore's +1 counts), Kneser-Ney for ngram, unless chosen.</summary>
    public string NGramSmoothing => Smoothing ?? (Model == "bigram" ? "add-delta" : "kneser-ney");

    /// <summary>Linear warm-up: 10% of the steps, at most 100.</summary>
    public int WarmupSteps => Warmup ?? Math.Min(100, Steps / 10);

    /// <summary>The cosine's floor: a tenth of the peak rate.</summary>
    public double MinLr => MinLearningRate ?? LearningRate / 10;

    /// <summary>Throws a <see cref="UsageException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Device == "cuda")
            throw new UsageException("--device cuda: no GPU backend is built. RnnCourse runs on the CPU with its own managed kernels; use --device cpu (the default).");
        void Positive(int value, string option)
        {
            if (value < 1) throw new UsageException($"{option} must be at least 1, got {value}.");
        }
        Positive(Order, "--order");
        Positive(Hidden, "--hidden");
        Positive(Layers, "--layers");
        Positive(Embedding ?? 1, "--embedding");
        Positive(Batch, "--batch");
        Positive(Seq, "--seq");
        Positive(Steps, "--steps");
        Positive(LogEvery, "--log-every");
        Positive(Count, "--count");
        Positive(Threads ?? 1, "--threads");
        if (EvalEvery < 0) throw new UsageException($"--eval-every must be 0 (only at the end) or more, got {EvalEvery}.");
        if (EvalBatches < 0) throw new UsageException($"--eval-batches must be 0 (all) or more, got {EvalBatches}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new UsageException(Invariant($"--dropout is a probability in [0, 1), got {Dropout}."));
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new UsageException(Invariant($"--lr must be a positive finite number, got {LearningRate}."));
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay))) throw new UsageException(Invariant($"--weight-decay must be a finite number ≥ 0, got {WeightDecay}."));
        if (!(Clip > 0)) throw new UsageException(Invariant($"--clip is the largest gradient norm allowed and must be positive (Infinity: no clipping), got {Clip}."));
        if (!(Delta > 0 && double.IsFinite(Delta))) throw new UsageException(Invariant($"--delta is the pseudo-count of add-delta smoothing and must be a positive finite number, got {Delta}."));
        if (WarmupSteps < 0 || WarmupSteps > Steps) throw new UsageException($"--warmup must be between 0 and --steps ({Steps}), got {WarmupSteps}.");
        if (!(MinLr >= 0 && MinLr <= LearningRate)) throw new UsageException(Invariant($"--min-lr must be between 0 and --lr ({LearningRate}), got {MinLr}."));
        if (Resume && Checkpoint is null) throw new UsageException("--resume continues from --checkpoint PATH; give the checkpoint's path.");
        if (Resume && Overwrite) throw new UsageException("--resume continues the checkpoint and --overwrite replaces it; give one of them.");
        if (!(Temperature >= 0 && float.IsFinite(Temperature))) throw new UsageException(Invariant($"--temperature must be a finite number ≥ 0 (0 is greedy), got {Temperature}."));
        if (TopK is < 1) throw new UsageException($"--top-k must be at least 1, got {TopK}.");
        if (TopP is { } p && !(p > 0 && p <= 1)) throw new UsageException(Invariant($"--top-p is a probability mass in (0, 1], got {p}."));
        if (Length is < 1) throw new UsageException($"--length must be at least 1, got {Length}.");
        RefuseOptionsThatDoNotApply();
    }

    /// <summary>The options only the recurrent models use: a count model counts, and is not saved.</summary>
    private static readonly string[] NetworkOptions =
    [
        "--hidden", "--layers", "--embedding", "--dropout", "--batch", "--seq", "--lr", "--weight-decay", "--schedule", "--warmup", "--min-lr",
        "--clip", "--steps", "--eval-every", "--eval-batches", "--log-every", "--checkpoint", "--resume", "--overwrite", "--history",
        "--temperature", "--top-k", "--top-p", "--other-data",
    ];

    /// <summary>Refuses options given on the command line that the model would ignore, naming them.</summary>
    private void RefuseOptionsThatDoNotApply()
    {
        if (!IsCountModel)
        {
            string[] countOptions = Given.Intersect(["--order", "--smoothing", "--delta"]).ToArray();
            if (countOptions.Length > 0)
                throw new UsageException($"{string.Join(" and ", countOptions)} {(countOptions.Length == 1 ? "applies" : "apply")} only to the count models (--model bigram or ngram); leave {(countOptions.Length == 1 ? "it" : "them")} out.");
            return;
        }
        string[] unused = NetworkOptions.Append(Command == "train" ? "--seed" : "").Where(Given.Contains).ToArray();
        if (unused.Length > 0)
            throw new UsageException(
                $"{string.Join(", ", unused)} {(unused.Length == 1 ? "does" : "do")} not apply to the {Model} model: it counts characters, and is not saved " +
                $"(sample and eval count the data again, in about a second); leave {(unused.Length == 1 ? "it" : "them")} out.");
        if (Model == "bigram" && IsGiven("--order"))
            throw new UsageException("--order does not apply to the bigram model, whose order is 2; use --model ngram --order N, or leave --order out.");
        if (NGramSmoothing == "kneser-ney" && IsGiven("--delta"))
            throw new UsageException($"--delta is the pseudo-count of add-delta smoothing, but the {Model} model smooths with kneser-ney; add --smoothing add-delta, or leave --delta out.");
    }
}
