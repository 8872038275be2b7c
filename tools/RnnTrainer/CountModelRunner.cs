using System.Diagnostics;
using System.Globalization;
using RnnCourse.NGrams;
using RnnCourse.Text;

namespace RnnCourse.RnnTrainer;

/// <summary>
/// The count-based models: a bigram or n-gram model with add-δ or Kneser-Ney smoothing. Training is counting
/// the training split (lines framed as &lt;s&gt;… name &lt;/s&gt;, or the stream as is), so <c>train</c>, <c>eval</c> and
/// <c>sample</c> all count the data again rather than read a checkpoint. Losses are in nats per character,
/// &lt;/s&gt; counted as a character for lines, as makemore counts it.
/// </summary>
internal static class CountModelRunner
{
    private sealed record Fitted(TextData Data, NGramModel Model, TimeSpan CountingTime, long TokensCounted);

    private static Fitted Fit(Settings settings)
    {
        TextData data = TextData.Load(settings.DataPath, settings.Corpus, settings.Format, settings.EffectiveSplitSeed);
        var clock = Stopwatch.StartNew();
        int order = settings.NGramOrder, vocabulary = data.Vocabulary.Count;
        NGramCounts counts = data.Format == TextFormat.Lines
            ? NGramCounts.FromSentences(data.Lines("train"), order, vocabulary)
            : NGramCounts.FromStream(data.Stream("train"), order, vocabulary);
        NGramModel model = settings.NGramSmoothing == "kneser-ney"
            ? new KneserNeyModel(counts)
            : new AddDeltaModel(counts, settings.Delta);
        long tokens = counts.TotalTokens;
        clock.Stop();
        return new Fitted(data, model, clock.Elapsed, tokens);
    }

    private static PerplexityResult Score(Fitted fitted, string split) => fitted.Data.Format == TextFormat.Lines
        ? Perplexity.EvaluateSentences(fitted.Model, fitted.Data.Lines(split))
        : Perplexity.Evaluate(fitted.Model, fitted.Data.Stream(split));

    private static string Describe(Settings settings, Fitted fitted)
    {
        string smoothing = fitted.Model is AddDeltaModel a ? $"add-δ (δ = {a.Delta.ToString(CultureInfo.InvariantCulture)})" : "modified Kneser-Ney";
        string name = settings.Model == "bigram" ? "bigram" : $"{settings.NGramOrder}-gram";
        return $"{name} model, {smoothing}, over {fitted.Data.Vocabulary.Count} tokens";
    }

    public static int Train(Settings settings, TextWriter output)
    {
        Fitted fitted = Fit(settings);
        output.WriteLine($"rnn-train: {Describe(settings, fitted)} on {fitted.Data.Description}");
        long distinct = Enumerable.Range(1, fitted.Model.Order).Sum(k => (long)fitted.Model.Counts.DistinctNGrams(k));
        double seconds = Math.Max(fitted.CountingTime.TotalSeconds, 1e-9);
        output.WriteLine($"counted     {fitted.TokensCounted:N0} tokens in {seconds:F2} s ({fitted.TokensCounted / seconds:N0} tokens/s); {distinct:N0} distinct n-grams (orders 1..{fitted.Model.Order}) are the parameters");
        PerplexityResult validation = Score(fitted, "validation");
        output.WriteLine(Line("validation", validation, fitted.Data.Format));
        if (!fitted.Data.IsEmpty("test")) output.WriteLine(Line("test", Score(fitted, "test"), fitted.Data.Format));
        return TrainerCli.Success;
    }

    public static int Evaluate(Settings settings, TextWriter output)
    {
        Fitted fitted = Fit(settings);
        string split = settings.Split ?? (fitted.Data.Format == TextFormat.Lines ? "test" : "validation");
        if (fitted.Data.IsEmpty(split)) throw new UsageException($"The {split} split of {fitted.Data.Description} is empty; choose another --split.");
        output.WriteLine($"rnn-train: {Describe(settings, fitted)} on {fitted.Data.Description}");
        output.WriteLine(Line(split, Score(fitted, split), fitted.Data.Format));
        return TrainerCli.Success;
    }

    public static int Sample(Settings settings, TextWriter output)
    {
        Fitted fitted = Fit(settings);
        var sampler = new NGramSampler(fitted.Model, unchecked((ulong)settings.Seed));
        CharTokenizer chars = fitted.Data.Tokenizer;
        if (fitted.Data.Format == TextFormat.Lines)
        {
            if (settings.Prime.Length > 0) throw new UsageException("--prime is not supported for n-gram sentences; leave it out (they start at <s>).");
            for (int i = 0; i < settings.Count; i++) output.WriteLine(chars.Decode(sampler.GenerateSentence(settings.Length ?? 30)));
            return TrainerCli.Success;
        }
        int[] prompt = chars.EncodeToIds(settings.Prime).ToArray();
        for (int i = 0; i < settings.Count; i++)
        {
            if (i > 0) output.WriteLine();
            output.WriteLine(settings.Prime + chars.Decode(sampler.Generate(prompt, settings.Length ?? 500)));
        }
        return TrainerCli.Success;
    }

    private static string Line(string split, PerplexityResult result, TextFormat format) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{split,-11} loss {result.CrossEntropy:F4} nats per character{(format == TextFormat.Lines ? " (</s> counted)" : "")}, perplexity {result.Perplexity:F3}, over {result.TokenCount:N0} characters");
}
