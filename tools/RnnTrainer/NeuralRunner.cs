using System.Globalization;
using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Sampling;
using RnnCourse.Tensors;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer;

/// <summary>
/// The recurrent models (Elman, LSTM, GRU): trained by AdamW with a warm-up and cosine schedule through a
/// <see cref="Trainer"/>; lines as framed, padded sentence batches, a stream as truncated-BPTT windows.
/// Checkpoints carry the vocabulary and where the data came from, so <c>sample</c> and <c>eval</c> need only the file.
/// </summary>
internal static class NeuralRunner
{
    private const string FormatKey = "rnn_train.format";
    private const string SourceKey = "rnn_train.source";
    private const string SplitSeedKey = "rnn_train.split_seed";

    public static int Train(Settings settings, TextWriter output)
    {
        CharTokenizer? savedTokenizer = null;
        if (settings.Resume)
        {
            Checkpoint saved = Checkpoint.Load(settings.Checkpoint!);
            savedTokenizer = new CharTokenizer(saved.Vocabulary
                ?? throw new InvalidDataException($"Checkpoint '{settings.Checkpoint}' holds no vocabulary, so its character ids are unknown."));
        }
        TextData data = TextData.Load(settings.DataPath, settings.Corpus, settings.Format, settings.EffectiveSplitSeed, savedTokenizer);
        var generator = new Generator(unchecked((ulong)settings.Seed));
        var config = new LanguageModelConfig(Kind(settings.Model), data.Vocabulary.Count, settings.Embedding ?? settings.Hidden,
            settings.Hidden, settings.Layers, settings.Dropout);
        var model = new RecurrentLanguageModel(config, generator);
        var optimizer = new AdamW(model.Parameters(), settings.LearningRate, weightDecay: settings.WeightDecay);
        LrScheduler? schedule = settings.Schedule == "cosine"
            ? new CosineWithWarmup(optimizer, settings.WarmupSteps, settings.Steps, settings.MinLr)
            : null;

        (IBatchSource<LanguageModelBatch> train, IBatchSource<LanguageModelBatch> validation) = Batches(data, settings, shuffleSeed: unchecked((ulong)settings.Seed));
        var trainer = new Trainer(model, optimizer, schedule, new TrainerOptions
        {
            MaxGradNorm = settings.Clip,
            EvalEvery = settings.EvalEvery,
            MaxEvalBatches = settings.EvalBatches,
            LogEvery = settings.LogEvery,
            Output = output,
            CheckpointPath = settings.Checkpoint,
            Vocabulary = data.Vocabulary,
            Generator = generator,
            CheckpointMetadata = new Dictionary<string, string>
            {
                [FormatKey] = data.Format == TextFormat.Lines ? "lines" : "stream",
                [SourceKey] = data.Source,
                [SplitSeedKey] = settings.EffectiveSplitSeed.ToString(CultureInfo.InvariantCulture),
            },
        });

        output.WriteLine($"rnn-train: {Describe(config)}, {model.ParameterCount:N0} parameters, on {data.Description}");
        if (settings.Resume)
        {
            trainer.LoadCheckpoint(settings.Checkpoint!);
            output.WriteLine($"resumed     from '{settings.Checkpoint}' at step {trainer.Step}");
            if (trainer.Step >= settings.Steps)
            {
                output.WriteLine($"The checkpoint has already trained {trainer.Step} steps; raise --steps above that to train further.");
                return TrainerCli.Success;
            }
        }

        TrainingSummary summary = trainer.Train(train, settings.Steps, validation);
        if (settings.HistoryPath is { } historyPath) trainer.History.SaveCsv(historyPath);
        if (summary.Diverged) return TrainerCli.Diverged; // the trainer wrote the message naming the step

        output.WriteLine();
        output.WriteLine($"model       {Describe(config)}: {model.ParameterCount:N0} parameters");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained     {summary.Step:N0} steps ({summary.StepsRun:N0} in this run), {summary.TokensTrained:N0} tokens in {summary.TrainingTime.TotalSeconds:F1} s: {summary.TokensPerSecond:N0} tokens/s"));
        if (double.IsFinite(summary.BestValidationLoss))
        {
            string final = summary.LastValidation is { } last ? string.Create(CultureInfo.InvariantCulture, $", final {last.Loss:F4}") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"validation  best loss {summary.BestValidationLoss:F4} nats per character (perplexity {Math.Exp(summary.BestValidationLoss):F3}){final}"));
        }
        if (data.Format == TextFormat.Lines && !data.IsEmpty("test"))
        {
            EvaluationResult test = trainer.Evaluate(SentenceBatches.Loader(data.Lines("test"), EvaluationBatch));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test        loss {test.Loss:F4} nats per character (</s> counted), perplexity {test.Perplexity:F3}, over {test.TokenCount:N0} characters (final model)"));
        }
        if (settings.Checkpoint is { } path)
            output.WriteLine($"checkpoint  {path}" + (File.Exists(trainer.Options.BestCheckpointPath) ? $" (best by validation: {trainer.Options.BestCheckpointPath})" : ""));
        return TrainerCli.Success;
    }

    public static int Evaluate(Settings settings, TextWriter output)
    {
        var (checkpoint, model, data) = Open(settings);
        string split = settings.Split ?? (data.Format == TextFormat.Lines ? "test" : "validation");
        if (data.IsEmpty(split)) throw new UsageException($"The {split} split of {data.Description} is empty; choose another --split.");
        IBatchSource<LanguageModelBatch> batches = data.Format == TextFormat.Lines
            ? SentenceBatches.Loader(data.Lines(split), EvaluationBatch)
            : StreamBatches(data.Stream(split), settings.Batch, settings.Seq);
        EvaluationResult result = Evaluation.Evaluate(model, batches);
        output.WriteLine($"rnn-train: {Describe(model.Config)} from '{checkpoint.Path}' (step {checkpoint.Step}) on {data.Description}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{split,-11} loss {result.Loss:F4} nats per character{(data.Format == TextFormat.Lines ? " (</s> counted)" : "")}, perplexity {result.Perplexity:F3}, {result.BitsPerToken:F3} bits, over {result.TokenCount:N0} characters"));
        return TrainerCli.Success;
    }

    public static int Sample(Settings settings, TextWriter output)
    {
        if (settings.Checkpoint is null) throw new UsageException("sample needs --checkpoint PATH: the model to sample from (write one with train --checkpoint PATH).");
        Checkpoint checkpoint = Checkpoint.Load(settings.Checkpoint);
        CharTokenizer chars = TokenizerOf(checkpoint);
        RecurrentLanguageModel model = checkpoint.CreateModel();
        var options = new SamplingOptions(settings.Temperature, settings.TopK, settings.TopP);
        var generator = new Generator(unchecked((ulong)settings.Seed));
        int[] prime = chars.EncodeToIds(settings.Prime).ToArray();
        if (FormatOf(checkpoint, settings) == TextFormat.Lines)
        {
            int[] prefix = [Vocabulary.StartId, .. prime];
            foreach (int[] name in TextGeneration.GenerateBatch(model, prefix, settings.Count, settings.Length ?? 30, options, generator))
                output.WriteLine(settings.Prime + chars.Decode(name));
            return TrainerCli.Success;
        }
        if (prime.Length == 0)
            prime = chars.EncodeToIds(chars.Vocabulary.Contains("\n") ? "\n" : chars.Vocabulary[Vocabulary.SpecialCount]).ToArray();
        for (int i = 0; i < settings.Count; i++)
        {
            if (i > 0) output.WriteLine();
            int[] text = TextGeneration.Generate(model, prime, settings.Length ?? 500, options, generator, stopId: null,
                excluded: [Vocabulary.PadId, Vocabulary.StartId, Vocabulary.EndId]); // a stream holds no sentence marks
            output.WriteLine(settings.Prime + chars.Decode(text));
        }
        return TrainerCli.Success;
    }

    /// <summary>The checkpoint, its model, and its data (from --data/--corpus when given, else the source it names), read with its vocabulary.</summary>
    private static (Checkpoint, RecurrentLanguageModel, TextData) Open(Settings settings)
    {
        if (settings.Checkpoint is null) throw new UsageException("eval needs --checkpoint PATH: the model to evaluate.");
        Checkpoint checkpoint = Checkpoint.Load(settings.Checkpoint);
        CharTokenizer chars = TokenizerOf(checkpoint);
        string format = settings.Format != "auto" ? settings.Format : FormatOf(checkpoint, settings) == TextFormat.Lines ? "lines" : "stream";
        int splitSeed = settings.SplitSeed
            ?? (checkpoint.Metadata.TryGetValue(SplitSeedKey, out string? s) ? int.Parse(s, CultureInfo.InvariantCulture) : settings.EffectiveSplitSeed);
        TextData data = settings.DataPath is not null || settings.Corpus is not null
            ? TextData.Load(settings.DataPath, settings.Corpus, format, splitSeed, chars)
            : TextData.FromSource(checkpoint.Metadata.TryGetValue(SourceKey, out string? source) ? source
                : throw new UsageException($"Checkpoint '{checkpoint.Path}' does not say what data it was trained on; pass --data or --corpus."), format, splitSeed, chars);
        return (checkpoint, checkpoint.CreateModel(), data);
    }

    private static CharTokenizer TokenizerOf(Checkpoint checkpoint) => new(checkpoint.Vocabulary
        ?? throw new InvalidDataException($"Checkpoint '{checkpoint.Path}' holds no vocabulary, so its token ids cannot be turned into characters."));

    private static TextFormat FormatOf(Checkpoint checkpoint, Settings settings) => settings.Format switch
    {
        "lines" => TextFormat.Lines,
        "stream" => TextFormat.Stream,
        _ => checkpoint.Metadata.TryGetValue(FormatKey, out string? f) && f == "stream" ? TextFormat.Stream : TextFormat.Lines,
    };

    /// <summary>Sentences per evaluation batch: larger than training batches, since no gradients are kept.</summary>
    private const int EvaluationBatch = 256;

    private static (IBatchSource<LanguageModelBatch> Train, IBatchSource<LanguageModelBatch> Validation) Batches(TextData data, Settings settings, ulong shuffleSeed)
    {
        if (data.Format == TextFormat.Lines)
            return (SentenceBatches.Loader(data.Lines("train"), settings.Batch, shuffle: true, seed: shuffleSeed),
                    SentenceBatches.Loader(data.Lines("validation"), EvaluationBatch));
        int[] train = data.Stream("train");
        if (train.Length < settings.Batch * settings.Seq + 1)
            throw new UsageException(
                $"The training text has {train.Length:N0} characters, too few for --batch {settings.Batch} tracks of --seq {settings.Seq}; lower them or use a longer text.");
        return (new TokenStreamBatches(train, settings.Batch, settings.Seq), StreamBatches(data.Stream("validation"), settings.Batch, settings.Seq));
    }

    /// <summary>Windows over held-out text, with fewer tracks (and then shorter windows) when the text is too short for (B, T).</summary>
    private static TokenStreamBatches StreamBatches(int[] tokens, int batch, int seq)
    {
        if (tokens.Length < 2) throw new InvalidDataException("The held-out text has fewer than 2 characters; there is nothing to predict.");
        int tracks = Math.Max(1, Math.Min(batch, (tokens.Length - 1) / seq));
        int steps = Math.Min(seq, tokens.Length - 1);
        return new TokenStreamBatches(tokens, tracks, steps);
    }

    private static RecurrentKind Kind(string model) => model switch
    {
        "elman" => RecurrentKind.Elman,
        "gru" => RecurrentKind.Gru,
        _ => RecurrentKind.Lstm,
    };

    private static string Describe(LanguageModelConfig c) =>
        $"{c.Kind} language model, {c.NumLayers} layer{(c.NumLayers > 1 ? "s" : "")} of {c.HiddenSize}, embedding {c.EmbeddingSize}, " +
        $"dropout {c.Dropout.ToString(CultureInfo.InvariantCulture)}, {c.VocabSize} tokens";
}
