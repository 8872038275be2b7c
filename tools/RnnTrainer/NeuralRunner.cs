using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
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
    public static int Train(Settings settings, TextWriter output, TextWriter error, CancellationToken stop)
    {
        Checkpoint? saved = settings.Resume ? Open(settings.Checkpoint!, error) : null;
        if (saved is not null) RefuseOtherData(saved, settings, "--resume", "resume on the data it was trained on, or start a new run with another --checkpoint");
        TextData data = TextData.Load(settings.DataPath, settings.Corpus, settings.Format, settings.EffectiveSplitSeed, saved is null ? null : TokenizerOf(saved));
        if (saved is not null) RunRecord.CheckResume(saved, settings, data.Format, error);
        using RunLock? runLock = OutputFiles.Claim(settings, data, error);
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
            CheckpointMetadata = RunRecord.Of(data, settings),
        });

        output.WriteLine($"rnn-train: {Describe(config)}, {model.ParameterCount:N0} parameters, on {data.Description}");
        if (settings.Resume)
        {
            trainer.LoadCheckpoint(settings.Checkpoint!);
            Retune(optimizer, schedule, settings);
            output.WriteLine($"resumed     from '{settings.Checkpoint}' at step {trainer.Step}");
            if (trainer.Step >= settings.Steps)
            {
                output.WriteLine($"The checkpoint has already trained {trainer.Step} steps; raise --steps above that to train further.");
                return TrainerCli.Success;
            }
        }

        TrainingSummary summary;
        using (var signals = new StopSignals(stop, error))
        {
            try { summary = trainer.Train(signals.Guard(train), settings.Steps, validation); }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested) { return Interrupted(trainer, settings, error); }
            catch (IOException e) when (settings.Checkpoint is { } checkpoint)
            {
                string next = File.Exists(checkpoint) ? $"once it can be written, resume with: {ResumeCommand(settings)}" : "run the command again once it can be written";
                throw new IOException($"{e.Message} Training stopped at step {trainer.Step}; {next}", e);
            }
        }
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

    public static int Evaluate(Settings settings, TextWriter output, TextWriter error)
    {
        Checkpoint checkpoint = Open(settings.Checkpoint ?? throw new UsageException("eval needs --checkpoint PATH: the model to evaluate."), error);
        if (!settings.OtherData)
            RefuseOtherData(checkpoint, settings, "eval", "score it on that data anyway with eval --other-data (characters the checkpoint does not know count as <unk>)");
        RunRecord.CheckGivenOptions(checkpoint, settings, "eval", settings.OtherData);
        TextData data = DataOf(checkpoint, settings);
        string split = settings.Split ?? (data.Format == TextFormat.Lines ? "test" : "validation");
        if (data.IsEmpty(split)) throw new UsageException($"The {split} split of {data.Description} is empty; choose another --split.");
        if (data.Format == TextFormat.Lines && (settings.IsGiven("--batch") || settings.IsGiven("--seq")))
            throw new UsageException($"eval: --batch and --seq cut a stream into windows, but lines are scored in batches of {EvaluationBatch} sentences; leave them out.");
        IBatchSource<LanguageModelBatch> batches = data.Format == TextFormat.Lines
            ? SentenceBatches.Loader(data.Lines(split), EvaluationBatch)
            : StreamBatches(data.Stream(split), settings.Batch, settings.Seq);
        RecurrentLanguageModel model = checkpoint.CreateModel();
        EvaluationResult result = Evaluation.Evaluate(model, batches);
        output.WriteLine($"rnn-train: {Describe(model.Config)} from '{checkpoint.Path}' (step {checkpoint.Step}) on {data.Description}");
        if (settings.OtherData)
        {
            string[] unknown = data.UnknownCharacters();
            string known = unknown.Length == 0 ? "every character of the data is among them"
                : $"{unknown.Length} characters of the data are not ({string.Join(" ", unknown.Take(12).Select(Quoted))}{(unknown.Length > 12 ? " …" : "")}) and count as <unk>";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vocabulary  the checkpoint's {data.Vocabulary.Count} tokens; {known}: <unk> is {100 * data.UnknownRate(split):F2}% of the {split} characters"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{split,-11} loss {result.Loss:F4} nats per character{(data.Format == TextFormat.Lines ? " (</s> counted)" : "")}, perplexity {result.Perplexity:F3}, {result.BitsPerToken:F3} bits, over {result.TokenCount:N0} characters"));
        return TrainerCli.Success;
    }

    public static int Sample(Settings settings, TextWriter output, TextWriter error)
    {
        Checkpoint checkpoint = Open(settings.Checkpoint
            ?? throw new UsageException("sample needs --checkpoint PATH: the model to sample from (write one with train --checkpoint PATH)."), error);
        if (settings.DataPath is not null || settings.Corpus is not null)
            RefuseOtherData(checkpoint, settings, "sample", "sample takes the model and its vocabulary from the checkpoint: leave --data and --corpus out");
        RunRecord.CheckGivenOptions(checkpoint, settings, "sample", otherData: false);
        CharTokenizer chars = TokenizerOf(checkpoint);
        RecurrentLanguageModel model = checkpoint.CreateModel();
        var options = new SamplingOptions(settings.Temperature, settings.TopK, settings.TopP);
        var generator = new Generator(unchecked((ulong)settings.Seed));
        int[] prime = chars.EncodeToIds(settings.Prime).ToArray();
        if (SavedFormat(checkpoint) == "lines")
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

    /// <summary>Loads a checkpoint of a model rnn-train builds, verifying its checksums; a file written before checkpoints carried them gets a note.</summary>
    private static Checkpoint Open(string path, TextWriter error)
    {
        Checkpoint checkpoint = Checkpoint.Load(path);
        if (checkpoint.Config is null)
            throw new UsageException($"'{path}' holds a model other than the recurrent language models rnn-train builds; load it in the code that trained it.");
        if (!checkpoint.HasChecksum)
            error.WriteLine($"rnn-train: note: '{path}' has no checksums (an earlier rnn-train wrote it), so damage to it cannot be detected; a checkpoint saved now carries them.");
        return checkpoint;
    }

    /// <summary>
    /// The data <c>eval</c> scores: --data or --corpus when given, else the data the checkpoint was trained on, read with the checkpoint's
    /// vocabulary and, unless --format and --split-seed say otherwise, its format (other data: as --format says) and split.
    /// </summary>
    private static TextData DataOf(Checkpoint checkpoint, Settings settings)
    {
        bool given = settings.DataPath is not null || settings.Corpus is not null;
        string format = settings.Format != "auto" || (given && settings.OtherData) ? settings.Format : SavedFormat(checkpoint);
        int splitSeed = settings.SplitSeed ?? SavedSplitSeed(checkpoint) ?? settings.EffectiveSplitSeed;
        var (dataPath, corpus) = DataOptionsOf(checkpoint, settings);
        return TextData.Load(dataPath, corpus, format, splitSeed, TokenizerOf(checkpoint));
    }

    /// <summary>Refuses (see <see cref="RunRecord.CheckSameData"/>) the data of <see cref="DataOptionsOf"/> when it is not the checkpoint's, before reading it as text.</summary>
    private static void RefuseOtherData(Checkpoint checkpoint, Settings settings, string command, string advice)
    {
        var (dataPath, corpus) = DataOptionsOf(checkpoint, settings);
        var (source, sha256) = TextData.Identify(dataPath, corpus);
        RunRecord.CheckSameData(checkpoint, source, sha256, command, advice);
    }

    /// <summary>--data and --corpus when given, else those of the data the checkpoint was trained on.</summary>
    private static (string? DataPath, string? Corpus) DataOptionsOf(Checkpoint checkpoint, Settings settings) =>
        settings.DataPath is not null || settings.Corpus is not null ? (settings.DataPath, settings.Corpus)
        : TextData.OptionsOf(checkpoint.Metadata.TryGetValue(RunRecord.SourceKey, out string? source) ? source
            : throw new UsageException($"Checkpoint '{checkpoint.Path}' does not say what data it was trained on; pass --data or --corpus."), checkpoint.Path);

    private static CharTokenizer TokenizerOf(Checkpoint checkpoint) => new(checkpoint.Vocabulary
        ?? throw new InvalidDataException($"Checkpoint '{checkpoint.Path}' holds no vocabulary, so its token ids cannot be turned into characters."));

    /// <summary>"lines" or "stream": how the checkpoint's data was read (lines when it does not say).</summary>
    private static string SavedFormat(Checkpoint checkpoint) =>
        checkpoint.Metadata.TryGetValue(RunRecord.FormatKey, out string? f) && f == "stream" ? "stream" : "lines";

    private static int? SavedSplitSeed(Checkpoint checkpoint) => !checkpoint.Metadata.TryGetValue(RunRecord.SplitSeedKey, out string? s) ? null
        : int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed) ? seed
        : throw new InvalidDataException($"Checkpoint '{checkpoint.Path}': metadata '{RunRecord.SplitSeedKey}' is '{s}', not a whole number: the file is damaged. Use another copy of it, or train again.");

    /// <summary>A character as a message shows it, as a JSON string: "a", "\n", " ".</summary>
    private static string Quoted(string c) => JsonSerializer.Serialize(c, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>After SIGINT or SIGTERM: saves the run at the step it reached (when it has a checkpoint) and says how to resume it.</summary>
    private static int Interrupted(Trainer trainer, Settings settings, TextWriter error)
    {
        string stopped = $"interrupted after step {trainer.Step} of {settings.Steps}";
        if (settings.Checkpoint is not { } path)
        {
            error.WriteLine($"rnn-train: {stopped}; nothing was saved, since no --checkpoint was given.");
            return TrainerCli.Interrupted;
        }
        trainer.SaveCheckpoint(path);
        if (settings.HistoryPath is { } history) trainer.History.SaveCsv(history);
        error.WriteLine($"rnn-train: {stopped}, saved in '{path}'; resume with: {ResumeCommand(settings)}");
        return TrainerCli.Interrupted;
    }

    /// <summary>The command that resumes this run: the same arguments, with --resume (and without --overwrite).</summary>
    public static string ResumeCommand(Settings settings)
    {
        var arguments = settings.Arguments.Where(a => a != "--overwrite").ToList();
        if (!arguments.Contains("--resume")) arguments.Add("--resume");
        return "rnn-train " + string.Join(" ", arguments.Select(ShellWord));
    }

    /// <summary>An argument as a POSIX shell reads it back: as it is when plain, else in single quotes.</summary>
    private static string ShellWord(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''") + "'";

    /// <summary>--lr and --weight-decay as given, after a resume restored the saved ones (a change was reported); the schedule keeps its position.</summary>
    private static void Retune(AdamW optimizer, LrScheduler? schedule, Settings settings)
    {
        foreach (ParamGroup group in optimizer.ParamGroups)
        {
            group.WeightDecay = settings.WeightDecay;
            if (schedule is null) group.LearningRate = settings.LearningRate;
        }
        schedule?.LoadStateDict(new Dictionary<string, string>(schedule.StateDict()) { ["base_lrs"] = settings.LearningRate.ToString("R", CultureInfo.InvariantCulture) });
    }

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
