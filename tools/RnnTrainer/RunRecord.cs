using System.Globalization;
using RnnCourse.Nn;
using RnnCourse.Training;

namespace RnnCourse.RnnTrainer;

/// <summary>
/// What rnn-train records in a checkpoint beside the model: the data (where it came from, the SHA-256 of its bytes, how it
/// was read and split) and the training settings. <c>train --resume</c>, <c>eval</c> and <c>sample</c> check against it that
/// they work on the same data, and that options given to them do not silently disagree with the checkpoint.
/// </summary>
internal static class RunRecord
{
    private const string Prefix = "rnn_train.";
    public const string FormatKey = Prefix + "format";
    public const string SourceKey = Prefix + "source";
    public const string SplitSeedKey = Prefix + "split_seed";
    public const string TextSha256Key = Prefix + "text_sha256";

    /// <summary>An option whose value on the command line differs from the checkpoint's.</summary>
    private sealed record Difference(string Option, string Given, string Saved);

    /// <summary>The metadata a training run's checkpoints carry.</summary>
    public static Dictionary<string, string> Of(TextData data, Settings settings)
    {
        var metadata = new Dictionary<string, string>
        {
            [FormatKey] = FormatName(data.Format),
            [SourceKey] = data.Source,
            [SplitSeedKey] = Text(settings.EffectiveSplitSeed),
            [TextSha256Key] = data.Sha256,
        };
        foreach (var (option, value) in KeptSettings(settings).Concat(TunableSettings(settings))) metadata[KeyOf(option)] = value;
        return metadata;
    }

    /// <summary>
    /// Refuses to resume <paramref name="checkpoint"/> (on its data, read as <paramref name="format"/>) with another model, batch, window,
    /// seed, schedule, format or split; reports the learning-rate and clipping settings that changed (the run goes on with the new ones).
    /// </summary>
    public static void CheckResume(Checkpoint checkpoint, Settings settings, TextFormat format, TextWriter error)
    {
        IEnumerable<(string Option, string Value)> kept = KeptSettings(settings);
        if (format == TextFormat.Lines) kept = kept.Where(s => s.Option != "--seq"); // lines have no windows
        Difference[] differences = ModelDifferences(settings, checkpoint.Config!)
            .Concat(Recorded(checkpoint, kept))
            .Concat(Recorded(checkpoint, [("--format", FormatName(format)), ("--split-seed", Text(settings.EffectiveSplitSeed))]))
            .ToArray();
        if (differences.Length > 0)
            throw new UsageException(
                $"--resume: {Given(differences)} {(differences.Length == 1 ? "differs" : "differ")} from the run saved in '{checkpoint.Path}' ({Saved(differences)}); " +
                "a resumed run keeps them: give the saved values, or start a new run with another --checkpoint.");
        Difference[] tuned = Recorded(checkpoint, TunableSettings(settings)).ToArray();
        if (tuned.Length > 0)
            error.WriteLine($"rnn-train: note: resuming '{checkpoint.Path}' with {string.Join(", ", tuned.Select(d => $"{d.Option} {d.Given} (was {d.Saved})"))} from step {checkpoint.Step + 1} on.");
    }

    /// <summary>
    /// Refuses, for <c>sample</c> and <c>eval</c>, model options that disagree with <paramref name="checkpoint"/> (the model comes
    /// from it), and a --format or --split-seed other than its own unless <paramref name="otherData"/>.
    /// </summary>
    public static void CheckGivenOptions(Checkpoint checkpoint, Settings settings, string command, bool otherData)
    {
        IEnumerable<Difference> differences = ModelDifferences(settings, checkpoint.Config!);
        if (!otherData)
            differences = differences.Concat(Recorded(checkpoint, [("--format", settings.Format), ("--split-seed", Text(settings.EffectiveSplitSeed))])
                .Where(d => d.Given != "auto"));
        Difference[] given = differences.Where(d => settings.IsGiven(d.Option)).ToArray();
        if (given.Length > 0)
            throw new UsageException(
                $"{command}: {Given(given)} {(given.Length == 1 ? "does" : "do")} not match the checkpoint '{checkpoint.Path}' ({Saved(given)}); " +
                $"{command} takes {(given.Length == 1 ? "it" : "them")} from the checkpoint: leave {(given.Length == 1 ? "it" : "them")} out.");
    }

    /// <summary>
    /// Refuses the data at <paramref name="source"/> (see <see cref="TextData.Identify"/>) when it is not the data <paramref name="checkpoint"/>
    /// was trained on, naming both; <paramref name="advice"/> says what to do. A checkpoint that records no SHA-256 is compared by source.
    /// </summary>
    public static void CheckSameData(Checkpoint checkpoint, string source, string sha256, string command, string advice)
    {
        string? savedSource = Metadata(checkpoint, SourceKey), savedSha256 = Metadata(checkpoint, TextSha256Key);
        if (savedSha256 is not null ? savedSha256 == sha256 : savedSource == source) return;
        string then = savedSource is null ? "data it does not name" : Describe(savedSource);
        string now = savedSource == source ? "the file now holds other data" : $"{Describe(source)} is other data";
        throw new UsageException(
            $"{command}: '{checkpoint.Path}' was trained on {then} (SHA-256 {Short(savedSha256)}), but {now} (SHA-256 {Short(sha256)}); {advice}.");
    }

    /// <summary>The training settings a resumed run must keep: they decide which batches come and how the run goes on.</summary>
    private static (string Option, string Value)[] KeptSettings(Settings s) =>
        [("--batch", Text(s.Batch)), ("--seq", Text(s.Seq)), ("--seed", Text(s.Seed)), ("--schedule", s.Schedule)];

    /// <summary>The settings a resumed run may change, such as a lower learning rate after a divergence (warm-up and floor: of the cosine).</summary>
    private static IEnumerable<(string Option, string Value)> TunableSettings(Settings s) =>
        new[] { ("--lr", Text(s.LearningRate)), ("--weight-decay", Text(s.WeightDecay)), ("--clip", Text(s.Clip)) }
            .Concat(s.Schedule == "cosine" ? [("--warmup", Text(s.WarmupSteps)), ("--min-lr", Text(s.MinLr))] : []);

    /// <summary>The model options against the checkpoint's model (its configuration, which is always recorded).</summary>
    private static IEnumerable<Difference> ModelDifferences(Settings s, LanguageModelConfig c) => new Difference[]
    {
        new("--model", s.Model, c.Kind.ToString().ToLowerInvariant()),
        new("--hidden", Text(s.Hidden), Text(c.HiddenSize)),
        new("--layers", Text(s.Layers), Text(c.NumLayers)),
        new("--embedding", Text(s.Embedding ?? s.Hidden), Text(s.Embedding is null && s.Hidden != c.HiddenSize ? s.Hidden : c.EmbeddingSize)), // --hidden says it
        new("--dropout", Text(s.Dropout), Text(c.Dropout)),
    }.Where(d => d.Given != d.Saved);

    /// <summary>The settings whose recorded value differs (settings the checkpoint does not record are not compared).</summary>
    private static IEnumerable<Difference> Recorded(Checkpoint checkpoint, IEnumerable<(string Option, string Value)> settings) =>
        settings.Select(s => new Difference(s.Option, s.Value, Metadata(checkpoint, KeyOf(s.Option))!))
                .Where(d => d.Saved is not null && d.Saved != d.Given);

    private static string? Metadata(Checkpoint checkpoint, string key) => checkpoint.Metadata.TryGetValue(key, out string? v) ? v : null;

    /// <summary>"--weight-decay" → "rnn_train.weight_decay" (so "--format" → <see cref="FormatKey"/>, "--split-seed" → <see cref="SplitSeedKey"/>).</summary>
    private static string KeyOf(string option) => Prefix + option.TrimStart('-').Replace('-', '_');

    private static string Given(IEnumerable<Difference> differences) => Join(differences.Select(d => $"{d.Option} {d.Given}"));

    private static string Saved(IEnumerable<Difference> differences) => string.Join(" ", differences.Select(d => $"{d.Option} {d.Saved}"));

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Join(IEnumerable<string> items)
    {
        string[] all = items.ToArray();
        return all.Length <= 1 ? string.Concat(all) : string.Join(", ", all[..^1]) + " and " + all[^1];
    }

    /// <summary>"corpus:names" → "the names corpus"; "file:/p/x.txt" → "'/p/x.txt'".</summary>
    public static string Describe(string source) =>
        source.StartsWith("corpus:", StringComparison.Ordinal) ? $"the {source["corpus:".Length..]} corpus"
        : source.StartsWith("file:", StringComparison.Ordinal) ? $"'{source["file:".Length..]}'" : $"'{source}'";

    /// <summary>The first 12 hex digits of a SHA-256, enough to tell two apart.</summary>
    private static string Short(string? sha256) => sha256 is null ? "not recorded" : sha256[..Math.Min(12, sha256.Length)] + "…";

    public static string FormatName(TextFormat format) => format == TextFormat.Lines ? "lines" : "stream";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
