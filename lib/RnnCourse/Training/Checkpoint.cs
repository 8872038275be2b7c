using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>
/// A language-model checkpoint: one safetensors file (see <see cref="Safetensors"/>) that holds everything
/// needed to sample from the model or to resume its training.
/// <code>
/// tensors   embedding.weight, rnn.weight_ih_l0, ..., head.bias      the model (PyTorch's names)
///           optimizer.0.exp_avg, ...                                the optimizer's buffers (resume)
///           trainer.state.h, trainer.state.c                        the carried TBPTT state (resume)
/// metadata  rnn_course.config       the LanguageModelConfig as JSON (a RecurrentLanguageModel; other models have none)
///           rnn_course.vocabulary   the Vocabulary as JSON (ids ↔ tokens), and its SHA-256 (rnn_course.vocabulary_sha256)
///           rnn_course.data_sha256  the SHA-256 of the tensors' bytes (Safetensors.ChecksumKey)
///           trainer.*               step, data position, best validation loss, generator state, history
///           optimizer.*, schedule.* the optimizer's and the schedule's settings
/// </code>
/// The model's tensors are plain state-dict entries, so <c>safetensors.torch.load_file</c> opens them in
/// PyTorch. Files are written atomically, and never from a model whose parameters hold NaN or ∞: the last
/// good checkpoint survives a diverged run. Loading verifies both checksums, so a damaged file is refused;
/// a file written before checkpoints carried them loads with <see cref="HasChecksum"/> false. Chapter 5.
/// </summary>
public sealed class Checkpoint
{
    public const string ConfigKey = "rnn_course.config";
    public const string VocabularyKey = "rnn_course.vocabulary";
    public const string VocabularySha256Key = "rnn_course.vocabulary_sha256";
    public const string OptimizerPrefix = "optimizer.";
    public const string SchedulePrefix = "schedule.";
    public const string TrainerPrefix = "trainer.";

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The shape of the model saved; null for a model other than a <see cref="RecurrentLanguageModel"/> (its trainer's checkpoint).</summary>
    public LanguageModelConfig? Config { get; }

    /// <summary>The vocabulary saved with it, when there was one.</summary>
    public Vocabulary? Vocabulary { get; }

    /// <summary>Every tensor of the file.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>Every metadata entry of the file.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The model's own tensors (those without an optimizer. or trainer. prefix).</summary>
    public IReadOnlyDictionary<string, Tensor> ModelState =>
        Tensors.Where(kv => !kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal) && !kv.Key.StartsWith(TrainerPrefix, StringComparison.Ordinal))
               .ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The optimizer steps the model had taken (0 when the file holds no trainer state).</summary>
    public int Step { get; }

    /// <summary>The best validation loss seen by then (∞ when none was measured).</summary>
    public double BestValidationLoss { get; }

    /// <summary>False for a file written before checkpoints carried the SHA-256 of their data: it could not be verified.</summary>
    public bool HasChecksum => Metadata.ContainsKey(Safetensors.ChecksumKey);

    /// <summary>True when <paramref name="path"/> is a safetensors file whose header says it is a checkpoint (its data is not read).</summary>
    public static bool IsCheckpoint(string path)
    {
        try { return IsCheckpoint(Safetensors.ReadMetadata(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException) { return false; }
    }

    /// <summary>A RecurrentLanguageModel's checkpoint holds its configuration; any other model's trainer state holds its step.</summary>
    private static bool IsCheckpoint(IReadOnlyDictionary<string, string> metadata)
        => metadata.ContainsKey(ConfigKey) || metadata.ContainsKey(TrainerPrefix + "step");

    /// <summary>Reads a checkpoint; a file that is not one is refused with a message naming it.</summary>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{path}'; train with --checkpoint {path} first, or give the path of an existing one.", path);
        var (tensors, metadata) = Safetensors.Load(path);
        if (!IsCheckpoint(metadata))
            throw new InvalidDataException(
                $"Checkpoint '{path}' has no '{ConfigKey}' metadata: it is a safetensors file but not a language-model checkpoint of this course. " +
                "Load plain weights with model.Load(path) instead.");
        LanguageModelConfig? config = metadata.TryGetValue(ConfigKey, out string? configJson) ? ConfigFromJson(configJson, path) : null;
        Vocabulary? vocabulary = null;
        if (metadata.TryGetValue(VocabularyKey, out string? vocabularyJson))
        {
            if (metadata.TryGetValue(VocabularySha256Key, out string? recorded) && recorded != Sha256(vocabularyJson))
                throw new InvalidDataException($"Checkpoint '{path}': the vocabulary does not match its SHA-256: the file is damaged. Use another copy of it, or train again.");
            try { vocabulary = Vocabulary.FromJson(vocabularyJson); }
            catch (InvalidDataException e) { throw new InvalidDataException($"Checkpoint '{path}': the vocabulary is corrupt ({e.Message}).", e); }
            if (config is not null && vocabulary.Count != config.VocabSize)
                throw new InvalidDataException($"Checkpoint '{path}': the vocabulary has {vocabulary.Count} tokens but the model {config.VocabSize}.");
        }
        return new Checkpoint(path, config, vocabulary, tensors, metadata);
    }

    private Checkpoint(string path, LanguageModelConfig? config, Vocabulary? vocabulary,
        IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Config = config;
        Vocabulary = vocabulary;
        Tensors = tensors;
        Metadata = metadata;
        string? Value(string key) => metadata.TryGetValue(TrainerPrefix + key, out string? v) ? v : null;
        InvalidDataException Bad(string key, string what) =>
            new($"Checkpoint '{path}': metadata '{TrainerPrefix}{key}' is '{Value(key)}', not {what}: the file is damaged. Use another copy of it, or train again.");
        Step = Value("step") is not { } step ? 0
            : int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : throw Bad("step", "a step number");
        BestValidationLoss = Value("best_validation_loss") is not { } best ? double.PositiveInfinity
            : double.TryParse(best, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) ? b : throw Bad("best_validation_loss", "a number");
    }

    /// <summary>The SHA-256 of a text's UTF-8 bytes, in lower-case hex.</summary>
    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>A model of the saved shape holding the saved weights; <paramref name="generator"/> draws its dropout masks.</summary>
    public RecurrentLanguageModel CreateModel(Generator? generator = null)
    {
        var model = new RecurrentLanguageModel(Config ?? throw new InvalidOperationException(
            $"Checkpoint '{Path}' holds a model that is not a RecurrentLanguageModel; build that model and call LoadInto."), generator);
        LoadInto(model);
        return model;
    }

    /// <summary>Copies the saved weights into <paramref name="model"/>, which must have the saved configuration.</summary>
    public void LoadInto(LanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        LanguageModelConfig? config = (model as RecurrentLanguageModel)?.Config;
        if (config != Config)
            throw new InvalidDataException($"Checkpoint '{Path}' holds a model {Config?.ToString() ?? "other than a RecurrentLanguageModel"} but this one is {config?.ToString() ?? model.GetType().Name}; build the model with the saved configuration (Checkpoint.CreateModel does).");
        try { model.LoadStateDict(ModelState); }
        catch (ArgumentException e) { throw new InvalidDataException($"Checkpoint '{Path}' does not fit the model: {e.Message}", e); }
    }

    /// <summary>
    /// Writes <paramref name="model"/>'s weights, its configuration, the <paramref name="vocabulary"/> and any
    /// <paramref name="extraTensors"/> and <paramref name="metadata"/> to <paramref name="path"/>, atomically.
    /// Refuses — leaving the old file as it was — when a parameter holds NaN or ∞.
    /// </summary>
    public static void Save(string path, LanguageModel model, Vocabulary? vocabulary = null,
        IReadOnlyDictionary<string, Tensor>? extraTensors = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, p) in model.NamedParameters())
            if (!AllFinite(p.Data))
                throw new InvalidOperationException(
                    $"Checkpoint.Save('{path}'): parameter '{name}' holds NaN or ∞ (the model diverged), so no checkpoint is written and the previous one is kept.");
        if (vocabulary is not null && vocabulary.Count != model.VocabSize)
            throw new ArgumentException($"Checkpoint.Save: the vocabulary has {vocabulary.Count} tokens but the model {model.VocabSize}; save the vocabulary the model was built for.");
        var tensors = new Dictionary<string, Tensor>(model.StateDict());
        foreach (var (name, t) in extraTensors ?? new Dictionary<string, Tensor>())
        {
            if (!tensors.TryAdd(name, t)) throw new ArgumentException($"Checkpoint.Save: the extra tensor '{name}' has the name of a model parameter.");
        }
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["format"] = "pt",
        };
        if (model is RecurrentLanguageModel recurrent) meta[ConfigKey] = ConfigToJson(recurrent.Config);
        if (vocabulary is not null)
        {
            meta[VocabularyKey] = vocabulary.ToJson();
            meta[VocabularySha256Key] = Sha256(meta[VocabularyKey]);
        }
        Safetensors.Save(path, tensors, meta, checksum: true);
    }

    /// <summary>True when no value is NaN or ∞.</summary>
    internal static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The configuration as JSON: {"kind": "Lstm", "vocab_size": 69, "embedding_size": ..., "hidden_size": ..., "num_layers": ..., "dropout": ..., "embedding_dropout": ..., "tie_weights": ...}.</summary>
    public static string ConfigToJson(LanguageModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", config.Kind.ToString());
            writer.WriteNumber("vocab_size", config.VocabSize);
            writer.WriteNumber("embedding_size", config.EmbeddingSize);
            writer.WriteNumber("hidden_size", config.HiddenSize);
            writer.WriteNumber("num_layers", config.NumLayers);
            writer.WriteNumber("dropout", config.Dropout);
            writer.WriteNumber("embedding_dropout", config.EmbeddingDropout);
            writer.WriteBoolean("tie_weights", config.TieWeights);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads <see cref="ConfigToJson"/>'s text; <paramref name="source"/> names the file in errors.</summary>
    public static LanguageModelConfig ConfigFromJson(string json, string source = "the JSON text")
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            JsonElement Field(string name) => root.TryGetProperty(name, out JsonElement v) ? v
                : throw new InvalidDataException($"Checkpoint {source}: the model configuration has no \"{name}\".");
            string kindText = Field("kind").GetString() ?? "";
            if (!Enum.TryParse(kindText, ignoreCase: true, out RecurrentKind kind))
                throw new InvalidDataException($"Checkpoint {source}: \"{kindText}\" is not a recurrent kind (Elman, Lstm or Gru).");
            return new LanguageModelConfig(kind, Field("vocab_size").GetInt32(), Field("embedding_size").GetInt32(),
                Field("hidden_size").GetInt32(), Field("num_layers").GetInt32(), Field("dropout").GetSingle(),
                // absent from checkpoints written before these options existed
                root.TryGetProperty("embedding_dropout", out JsonElement e) ? e.GetSingle() : 0f,
                root.TryGetProperty("tie_weights", out JsonElement t) && t.GetBoolean());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Checkpoint {source}: the model configuration is not valid JSON of the expected shape ({e.Message}).", e);
        }
    }
}
