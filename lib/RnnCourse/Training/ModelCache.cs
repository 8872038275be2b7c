using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>
/// A model trained by <see cref="ModelCache.Train"/>, or read back from its checkpoint: the weights, the history
/// of the run that made them, and what that run cost.
/// </summary>
/// <param name="Corpus">the name the cache filed it under, e.g. "names".</param>
/// <param name="Recipe">how it was trained.</param>
/// <param name="Model">the trained model (the weights after the last step).</param>
/// <param name="History">loss, gradient norm and learning rate of every step, and the validation losses.</param>
/// <param name="TokensTrained">the target tokens of all the steps.</param>
/// <param name="TrainingTime">the time spent in training steps (evaluations excluded), as the trainer measured it.</param>
/// <param name="BestValidationLoss">the lowest validation loss of the run (∞ without validation data).</param>
/// <param name="Path">the checkpoint; null when the cache keeps no files.</param>
/// <param name="Reused">true when the model was read from a checkpoint instead of trained now.</param>
/// <param name="Log">the progress lines the run printed.</param>
public sealed record TrainedModel(
    string Corpus, TrainingRecipe Recipe, RecurrentLanguageModel Model, History History,
    long TokensTrained, TimeSpan TrainingTime, double BestValidationLoss, string? Path, bool Reused, string Log)
{
    /// <summary>Target tokens per second of training time.</summary>
    public double TokensPerSecond => TrainingTime > TimeSpan.Zero ? TokensTrained / TrainingTime.TotalSeconds : 0;

    /// <summary>The model's parameters.</summary>
    public long ParameterCount => Model.ParameterCount;
}

/// <summary>
/// Trains a <see cref="RecurrentLanguageModel"/> by a <see cref="TrainingRecipe"/>, or reuses the model that an
/// earlier run of the same recipe on the same data left in <see cref="Folder"/> (the git-ignored runs/). The key of
/// a checkpoint is the corpus name, <see cref="TrainingRecipe.Describe"/> and the SHA-256 of the data as the trainer
/// reads it (every batch of epoch 0 of the training and validation sources: ids, shapes and layout, so the batch
/// size, the window length and the shuffling seed are part of it):
/// <code>
/// runs/names-lstm-2x256-3fa9c0d12b7e.safetensors     corpus, kind, layers × hidden, the first 12 hex digits of SHA-256(key)
/// </code>
/// The file is a <see cref="Checkpoint"/> (the weights and the vocabulary) whose metadata also holds the whole
/// key, the run's history, its progress log and its cost, so a reused model reports what its training measured.
/// A file whose key differs, or that fails its checksums, is trained again and replaced. The key does not cover
/// the library's own arithmetic: after a change that alters training numerics, delete the folder.
/// With a null folder (<see cref="None"/>) nothing is read or written and every call trains: what a quick run
/// wants, whose outputs must not depend on what an earlier run left behind. Chapters 7-9.
/// </summary>
public sealed class ModelCache
{
    /// <summary>Metadata keys of the checkpoints the cache writes.</summary>
    public const string KeyKey = "rnn_course.cache.key",
        CorpusKey = "rnn_course.cache.corpus",
        RecipeKey = "rnn_course.cache.recipe",
        DataKey = "rnn_course.cache.data_sha256",
        TokensKey = "rnn_course.cache.tokens",
        SecondsKey = "rnn_course.cache.train_seconds",
        BestKey = "rnn_course.cache.best_validation_loss",
        HistoryKey = "rnn_course.cache.history",
        LogKey = "rnn_course.cache.log";

    /// <param name="folder">where checkpoints are kept (made when missing); null: keep none, always train.</param>
    public ModelCache(string? folder)
    {
        if (folder is not null && string.IsNullOrWhiteSpace(folder))
            throw new ArgumentException("ModelCache: the folder is blank; give a path such as \"../runs\", or null to keep no checkpoints.", nameof(folder));
        Folder = folder;
    }

    /// <summary>A cache that keeps nothing: every <see cref="Train"/> trains.</summary>
    public static ModelCache None { get; } = new(null);

    /// <summary>Where checkpoints are kept; null when none are.</summary>
    public string? Folder { get; }

    /// <summary>Where progress and the reuse notice go; null: the console at the time of the call.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Steps between progress lines.</summary>
    public int LogEvery { get; init; } = 100;

    /// <summary>The file of a run's checkpoint: corpus, kind, layers × hidden and 12 hex digits of the key's SHA-256.</summary>
    public string CheckpointPath(string corpus, TrainingRecipe recipe, string dataSha256)
    {
        if (Folder is null) throw new InvalidOperationException("ModelCache.None keeps no checkpoints; give the cache a folder.");
        string hash = Sha256(Key(corpus, recipe, dataSha256))[..12];
        LanguageModelConfig m = recipe.Model;
        return System.IO.Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture,
            $"{corpus}-{m.Kind.ToString().ToLowerInvariant()}-{m.NumLayers}x{m.HiddenSize}-{hash}.safetensors"));
    }

    /// <summary>The whole key: what must match for a checkpoint to be reused.</summary>
    public static string Key(string corpus, TrainingRecipe recipe, string dataSha256)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return $"corpus={corpus} data_sha256={dataSha256} {recipe.Describe()}";
    }

    /// <summary>
    /// The SHA-256 of the batches of epoch 0 of each source, in order: shape, layout, ignored id, inputs and targets.
    /// Epoch 0 of a shuffled loader depends on its seed, so the seed is covered too.
    /// </summary>
    public static string DataSha256(params IBatchSource<LanguageModelBatch>?[] sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[4];
        void Add(int value)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(number, value);
            hash.AppendData(number);
        }
        foreach (IBatchSource<LanguageModelBatch>? source in sources)
        {
            if (source is null) { Add(-1); continue; }
            Add(source.BatchesPerEpoch);
            for (int i = 0; i < source.BatchesPerEpoch; i++)
            {
                LanguageModelBatch batch = source.GetBatch(0, i);
                Add(batch.BatchSize);
                Add(batch.Steps);
                Add(batch.ContinuesState ? 1 : 0);
                Add(batch.IgnoreIndex);
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Inputs.AsSpan()));
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Targets.AsSpan()));
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>
    /// The model of <paramref name="recipe"/> trained on <paramref name="train"/> (validated on <paramref name="validation"/>
    /// every <see cref="TrainingRecipe.EvalEvery"/> steps and at the end). When <see cref="Folder"/> holds the checkpoint of the
    /// same key, that model is read instead, and the output says so and shows the log of the run that trained it;
    /// otherwise the model is trained with a progress line every <see cref="LogEvery"/> steps and saved there, with
    /// <paramref name="vocabulary"/>. A run that diverges throws, naming the step, and saves nothing.
    /// </summary>
    /// <param name="corpus">a short name for the data, in the file name and the key: "names", "shakespeare-chars".</param>
    /// <param name="recipe">the model and how to train it.</param>
    /// <param name="train">the training batches.</param>
    /// <param name="validation">the validation batches; null: no evaluation.</param>
    /// <param name="vocabulary">saved with the model, so the file alone can be sampled from.</param>
    public TrainedModel Train(string corpus, TrainingRecipe recipe, IBatchSource<LanguageModelBatch> train,
        IBatchSource<LanguageModelBatch>? validation = null, Vocabulary? vocabulary = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(corpus);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(train);
        if (corpus.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"ModelCache: the corpus name '{corpus}' names a file; use letters, digits, '-', '_' and '.'.", nameof(corpus));
        recipe.Validate();
        if (vocabulary is not null && vocabulary.Count != recipe.Model.VocabSize)
            throw new ArgumentException($"ModelCache: the vocabulary has {vocabulary.Count} tokens but the recipe's model {recipe.Model.VocabSize}.", nameof(vocabulary));
        TextWriter output = Output ?? Console.Out;

        string? path = null, key = null, dataSha256 = null;
        if (Folder is not null)
        {
            dataSha256 = DataSha256(train, validation);
            key = Key(corpus, recipe, dataSha256);
            path = CheckpointPath(corpus, recipe, dataSha256);
            if (File.Exists(path) && TryReuse(path, key, corpus, recipe, output) is { } reused) return reused;
        }

        var generator = new Generator(recipe.Seed);
        var model = new RecurrentLanguageModel(recipe.Model, generator);
        var optimizer = new AdamW(model.Parameters(), recipe.LearningRate, weightDecay: recipe.WeightDecay);
        var schedule = new CosineWithWarmup(optimizer, recipe.WarmupSteps, recipe.Steps, recipe.FloorLearningRate);
        var log = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var trainer = new Trainer(model, optimizer, schedule, new TrainerOptions
        {
            MaxGradNorm = recipe.MaxGradNorm,
            EvalEvery = recipe.EvalEvery,
            MaxEvalBatches = recipe.MaxEvalBatches,
            LogEvery = LogEvery,
            Output = new TeeWriter(output, log),
            ProgressBar = false,
            Generator = generator,
        });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training {Describe(recipe.Model)}, {model.ParameterCount:N0} parameters, on {corpus}: {recipe.Steps:N0} steps") +
            (Folder is null ? "." : $" (no checkpoint of this recipe in {Folder} yet)."));
        TrainingSummary summary = trainer.Train(train, recipe.Steps, validation);
        if (summary.Diverged)
            throw new InvalidOperationException($"ModelCache: training {recipe.Model.Kind} on {corpus} diverged, so nothing was saved. {summary.StopMessage}");
        string done = string.Create(CultureInfo.InvariantCulture,
            $"Trained {summary.StepsRun:N0} steps, {summary.TokensTrained:N0} tokens in {summary.TrainingTime.TotalSeconds:F1} s: {summary.TokensPerSecond:N0} tokens/s.");
        output.WriteLine(done + (path is null ? "" : $" Saved to {path}."));
        var trained = new TrainedModel(corpus, recipe, model, trainer.History, summary.TokensTrained, summary.TrainingTime,
            summary.BestValidationLoss, path, Reused: false, log.ToString());
        if (path is not null) Save(path, trained, key!, dataSha256!, vocabulary);
        return trained;
    }

    private static void Save(string path, TrainedModel trained, string key, string dataSha256, Vocabulary? vocabulary)
    {
        var metadata = new Dictionary<string, string>
        {
            [KeyKey] = key,
            [CorpusKey] = trained.Corpus,
            [RecipeKey] = trained.Recipe.Describe(),
            [DataKey] = dataSha256,
            [TokensKey] = trained.TokensTrained.ToString(CultureInfo.InvariantCulture),
            [SecondsKey] = trained.TrainingTime.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            [BestKey] = trained.BestValidationLoss.ToString("R", CultureInfo.InvariantCulture),
            [HistoryKey] = trained.History.ToCsv(),
            [LogKey] = trained.Log,
            [Checkpoint.TrainerPrefix + "step"] = trained.Recipe.Steps.ToString(CultureInfo.InvariantCulture),
            [Checkpoint.TrainerPrefix + "best_validation_loss"] = trained.BestValidationLoss.ToString("R", CultureInfo.InvariantCulture),
        };
        Checkpoint.Save(path, trained.Model, vocabulary, metadata: metadata);
    }

    /// <summary>The model saved at <paramref name="path"/> when its key is <paramref name="key"/>; null (with a note) when it must be trained again.</summary>
    private static TrainedModel? TryReuse(string path, string key, string corpus, TrainingRecipe recipe, TextWriter output)
    {
        try
        {
            IReadOnlyDictionary<string, string> header = Safetensors.ReadMetadata(path);
            if (!header.TryGetValue(KeyKey, out string? saved) || saved != key)
            {
                output.WriteLine($"{path} holds a model of another recipe or data; training this one and replacing it.");
                return null;
            }
            Checkpoint checkpoint = Checkpoint.Load(path);
            IReadOnlyDictionary<string, string> meta = checkpoint.Metadata;
            RecurrentLanguageModel model = checkpoint.CreateModel(new Generator(recipe.Seed));
            long tokens = long.Parse(meta[TokensKey], CultureInfo.InvariantCulture);
            // Seconds written with "R" hold the ticks exactly; TimeSpan.FromSeconds would round them to another tick.
            var time = TimeSpan.FromTicks((long)Math.Round(double.Parse(meta[SecondsKey], CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
            double best = double.Parse(meta[BestKey], CultureInfo.InvariantCulture);
            History history = History.FromCsv(meta[HistoryKey]);
            string log = meta[LogKey];
            var trained = new TrainedModel(corpus, recipe, model, history, tokens, time, best, path, Reused: true, log);
            output.WriteLine(FormattableString.Invariant(
                $"Reusing {path}: {Describe(recipe.Model)}, {model.ParameterCount:N0} parameters, trained on {corpus} by this recipe before ({recipe.Steps:N0} steps, {tokens:N0} tokens in {time.TotalSeconds:F1} s: {trained.TokensPerSecond:N0} tokens/s), so it is not trained again (delete the file to train it anew). The log of that run:"));
            output.Write(log);
            return trained;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or KeyNotFoundException or FormatException or OverflowException)
        {
            output.WriteLine($"{path} cannot be reused ({e.Message.TrimEnd('.')}); training again and replacing it.");
            return null;
        }
    }

    /// <summary>"LSTM, 2 layers of 256, embedding 64, dropout 0.2".</summary>
    public static string Describe(LanguageModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string kind = config.Kind switch { RecurrentKind.Lstm => "LSTM", RecurrentKind.Gru => "GRU", _ => "Elman RNN" };
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{kind}, {config.NumLayers} layer{(config.NumLayers == 1 ? "" : "s")} of {config.HiddenSize}, embedding {config.EmbeddingSize}, dropout {config.Dropout}");
        if (config.EmbeddingDropout > 0) text += string.Create(CultureInfo.InvariantCulture, $" (embedding {config.EmbeddingDropout})");
        return config.TieWeights ? text + ", tied" : text;
    }

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>Writes to the console (or any writer) and keeps a copy.</summary>
    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => first.Encoding;

        public override void Write(char value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void WriteLine(string? value)
        {
            first.WriteLine(value);
            second.WriteLine(value);
        }

        public override void Flush()
        {
            first.Flush();
            second.Flush();
        }
    }
}
