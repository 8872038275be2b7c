using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>The training loop: learning, evaluation, history, progress, divergence, checkpoints and bit-identical resume.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rnncourse-trainer-" + Guid.NewGuid().ToString("N"));

    public TrainerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static readonly string[] Names = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn", "abigail", "ella", "lily"];
    private static readonly CharTokenizer Chars = CharTokenizer.Train(string.Join(" ", Names));
    private static IReadOnlyList<int>[] Sentences => Names.Select(n => Chars.EncodeToIds(n)).ToArray();
    private static int[] Stream => Chars.EncodeToIds(string.Join(" ", Names.Concat(Names.Reverse()))).ToArray();

    private sealed record Run(RecurrentLanguageModel Model, AdamW Optimizer, CosineWithWarmup Schedule, Trainer Trainer);

    /// <summary>A small model, AdamW with warm-up and cosine, and a trainer, all from one seed.</summary>
    private static Run NewRun(RecurrentKind kind, float dropout, TrainerOptions? options = null, int vocabulary = 0)
    {
        var generator = new Generator(17);
        var model = new RecurrentLanguageModel(new LanguageModelConfig(kind, vocabulary > 0 ? vocabulary : Chars.VocabularySize, 8, 16, 2, dropout), generator);
        var optimizer = new AdamW(model.Parameters(), 1e-2);
        var schedule = new CosineWithWarmup(optimizer, 3, 20, 1e-3);
        return new Run(model, optimizer, schedule, new Trainer(model, optimizer, schedule, (options ?? new TrainerOptions()) with { Vocabulary = Chars.Vocabulary }));
    }

    [Fact]
    public void TrainingLowersTheLossAndRecordsEveryStep()
    {
        Run run = NewRun(RecurrentKind.Gru, 0f, new TrainerOptions { EvalEvery = 10 });
        var train = SentenceBatches.Loader(Sentences, 4, shuffle: true, seed: 1);
        var validation = SentenceBatches.Loader(Sentences, 6);
        EvaluationResult before = run.Trainer.Evaluate(validation);

        TrainingSummary summary = run.Trainer.Train(train, 30, validation);

        Assert.False(summary.Diverged);
        Assert.Equal((30, 30), (summary.Step, summary.StepsRun));
        Assert.Equal(Enumerable.Range(1, 30), run.Trainer.History.Steps.Select(s => s.Step));
        Assert.Equal([10, 20, 30], run.Trainer.History.Evaluations.Select(e => e.Step));
        Assert.True(summary.BestValidationLoss < before.Loss - 0.5, $"validation loss {before.Loss} → {summary.BestValidationLoss}");
        Assert.Equal(0.0, run.Trainer.History.LearningRates[0]); // warm-up starts at 0
        Assert.Equal(Names.Sum(n => n.Length + 1) * 30L / 3, summary.TokensTrained); // 3 batches per epoch: 10 epochs
        Assert.True(summary.TokensPerSecond > 0);
        Assert.Equal((9, 3), (run.Trainer.Epoch, run.Trainer.BatchIndex)); // the 10th epoch, read to its end
    }

    [Fact]
    public void TheRecordedGradientNormIsTheNormBeforeClipping()
    {
        Run run = NewRun(RecurrentKind.Elman, 0f, new TrainerOptions { MaxGradNorm = 1e-3f });
        LanguageModelBatch batch = SentenceBatches.Collate(Sentences);
        StepRecord record = run.Trainer.TrainStep(batch);
        Assert.True(record.GradNorm > 1e-2f, $"pre-clip norm {record.GradNorm}");
        Assert.True(ClipGrad.TotalNorm(run.Model.Parameters()) <= 1.001e-3f); // the gradients themselves were clipped
    }

    [Fact]
    public void EvaluationIsTheMeanLossPerTokenInEvalModeWithoutGradients()
    {
        Run run = NewRun(RecurrentKind.Lstm, 0.5f);
        var data = SentenceBatches.Loader(Sentences, 5); // batches of 5, 5 and 2 sentences
        EvaluationResult result = run.Trainer.Evaluate(data);

        run.Model.Eval();
        double total = 0;
        long count = 0;
        foreach (LanguageModelBatch batch in data.Epoch(0))
        {
            (Tensor logits, _) = run.Model.Forward(batch.Inputs, batch.BatchSize, batch.Steps);
            total += Functional.CrossEntropy(logits, batch.Targets, batch.IgnoreIndex, Reduction.Sum).Item();
            count += batch.TokenCount;
        }
        run.Model.Train();
        Assert.Equal(Names.Sum(n => n.Length + 1), result.TokenCount);
        Assert.Equal(total / count, result.Loss, 5);
        Assert.Equal(Math.Exp(result.Loss), result.Perplexity, 9);
        Assert.True(run.Model.Training); // training mode restored
        Assert.All(run.Model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm, true)]  // TBPTT windows: the carried state and dropout masks must resume
    [InlineData(RecurrentKind.Gru, false)]  // shuffled sentence batches
    public void ResumingFromACheckpointGivesBitIdenticalLosses(RecurrentKind kind, bool stream)
    {
        IBatchSource<LanguageModelBatch> Data() => stream
            ? new TokenStreamBatches(Stream, batchSize: 3, steps: 8)
            : SentenceBatches.Loader(Sentences, 5, shuffle: true, seed: 9);
        const int steps = 12;

        Run straight = NewRun(kind, 0.2f);
        straight.Trainer.Train(Data(), steps);

        string path = PathOf("half.safetensors");
        Run first = NewRun(kind, 0.2f);
        first.Trainer.Train(Data(), steps / 2);
        first.Trainer.SaveCheckpoint(path);

        Run resumed = NewRun(kind, 0.2f);
        Generator.Default.NextUInt64(); // unrelated randomness in between changes nothing
        resumed.Trainer.LoadCheckpoint(path);
        Assert.Equal(steps / 2, resumed.Trainer.Step);
        resumed.Trainer.Train(Data(), steps);

        Assert.Equal(Bits(straight.Trainer.History.Losses), Bits(resumed.Trainer.History.Losses));
        Assert.Equal(Bits(straight.Trainer.History.GradNorms), Bits(resumed.Trainer.History.GradNorms));
        Assert.Equal(straight.Trainer.History.LearningRates, resumed.Trainer.History.LearningRates);
        foreach (var ((name, a), (_, b)) in straight.Model.NamedParameters().Zip(resumed.Model.NamedParameters()))
            Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), $"{name} differs after resuming");

        static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    [Fact]
    public void ACheckpointHoldsTheVocabularyAndTheConfigurationAndRebuildsTheModel()
    {
        Run run = NewRun(RecurrentKind.Lstm, 0.1f);
        run.Trainer.Train(SentenceBatches.Loader(Sentences, 6), 3);
        string path = PathOf("model.safetensors");
        run.Trainer.SaveCheckpoint(path);

        Checkpoint checkpoint = Checkpoint.Load(path);
        Assert.Equal(run.Model.Config, checkpoint.Config);
        Assert.Equal(Chars.Vocabulary.Tokens, checkpoint.Vocabulary!.Tokens);
        Assert.Equal(3, checkpoint.Step);
        Assert.Contains("embedding.weight", checkpoint.ModelState.Keys);
        Assert.DoesNotContain(checkpoint.ModelState.Keys, k => k.StartsWith("optimizer.", StringComparison.Ordinal));

        RecurrentLanguageModel rebuilt = checkpoint.CreateModel();
        foreach (var ((name, a), (_, b)) in run.Model.NamedParameters().Zip(rebuilt.NamedParameters()))
            Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), name);
    }

    [Fact]
    public void ACheckpointOfAnotherModelOrWithoutTrainingStateIsRefusedClearly()
    {
        string path = PathOf("lstm.safetensors");
        NewRun(RecurrentKind.Lstm, 0f).Trainer.SaveCheckpoint(path);
        var wrongKind = Assert.Throws<InvalidDataException>(() => NewRun(RecurrentKind.Gru, 0f).Trainer.LoadCheckpoint(path));
        Assert.Contains(path, wrongKind.Message);
        Assert.Contains("Kind = Lstm", wrongKind.Message);

        string plain = PathOf("plain.safetensors");
        NewRun(RecurrentKind.Lstm, 0f).Model.Save(plain);
        var notCheckpoint = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(plain));
        Assert.Contains("not a language-model checkpoint", notCheckpoint.Message);

        string modelOnly = PathOf("model-only.safetensors");
        Checkpoint.Save(modelOnly, NewRun(RecurrentKind.Lstm, 0f).Model, Chars.Vocabulary);
        var noState = Assert.Throws<InvalidDataException>(() => NewRun(RecurrentKind.Lstm, 0f).Trainer.LoadCheckpoint(modelOnly));
        Assert.Contains("no training state", noState.Message);

        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(PathOf("missing.safetensors")));
    }

    [Fact]
    public void ANaNStopsTheRunNamingTheStepAndLeavesTheLastGoodCheckpoint()
    {
        string path = PathOf("run.safetensors");
        var output = new StringWriter();
        Run run = NewRun(RecurrentKind.Gru, 0f, new TrainerOptions { EvalEvery = 2, CheckpointPath = path, Output = output });
        var data = SentenceBatches.Loader(Sentences, 4);
        run.Trainer.Train(data, 4);
        byte[] good = File.ReadAllBytes(path);
        float[] weightsBefore = run.Model.Head.Weight.Data.ToArray();

        run.Model.Embedding.Weight.Data[Chars.Vocabulary["a"] * 8] = float.NaN; // poison: the next loss is NaN
        TrainingSummary summary = run.Trainer.Train(data, 10);

        Assert.True(summary.Diverged);
        Assert.Equal(4, summary.Step);
        Assert.Contains("Training stopped at step 5: the loss is NaN", summary.StopMessage);
        Assert.Contains(path, summary.StopMessage);
        Assert.Contains("step 5: the loss is NaN", output.ToString());
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal(weightsBefore, run.Model.Head.Weight.Data); // the optimizer did not step
        Assert.Equal(4, run.Trainer.History.Steps.Count);

        var refused = Assert.Throws<InvalidOperationException>(() => run.Trainer.SaveCheckpoint(path));
        Assert.Contains("'embedding.weight' holds NaN", refused.Message);
        Assert.Equal(good, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnOverflowStopsTheStepBeforeTheOptimizerSteps()
    {
        Run run = NewRun(RecurrentKind.Elman, 0f);
        run.Model.Head.Weight.Data[0] = 3e38f; // finite weights whose gradients overflow
        run.Model.Head.Weight.Data[1] = -3e38f;
        float[] before = run.Model.Head.Weight.Data.ToArray();
        var e = Record.Exception(() => run.Trainer.TrainStep(SentenceBatches.Collate(Sentences)));
        var diverged = Assert.IsType<TrainingDivergedException>(e);
        Assert.Equal(1, diverged.Step);
        Assert.Equal(before, run.Model.Head.Weight.Data);
        Assert.Equal(0, run.Trainer.Step);
    }

    [Fact]
    public void CheckpointsAreWrittenAtEachEvaluationWithTheBestKeptApart()
    {
        string path = PathOf("runs/gru.safetensors");
        var options = new TrainerOptions { EvalEvery = 5, CheckpointPath = path, CheckpointMetadata = new Dictionary<string, string> { ["note"] = "test" } };
        Run run = NewRun(RecurrentKind.Gru, 0f, options);
        Assert.Equal(PathOf("runs/gru.best.safetensors"), options.BestCheckpointPath);
        run.Trainer.Train(SentenceBatches.Loader(Sentences, 4, shuffle: true, seed: 2), 10, SentenceBatches.Loader(Sentences, 12));

        Checkpoint last = Checkpoint.Load(path), best = Checkpoint.Load(options.BestCheckpointPath!);
        Assert.Equal(10, last.Step);
        Assert.Equal("test", last.Metadata["note"]);
        Assert.Equal(run.Trainer.BestValidationLoss, last.BestValidationLoss);
        Assert.Equal(run.Trainer.History.Evaluations.MinBy(e => e.Loss).Step, best.Step);
        Assert.Equal(10, History.FromCsv(last.Metadata["trainer.history"]).Steps.Count);
    }

    [Fact]
    public void ProgressIsALineEveryFewStepsOffATerminalAndABarOnOne()
    {
        var lines = new StringWriter();
        NewRun(RecurrentKind.Elman, 0f, new TrainerOptions { Output = lines, LogEvery = 3 })
            .Trainer.Train(SentenceBatches.Loader(Sentences, 6), 7);
        string[] printed = lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, printed.Length); // steps 3, 6 and the last, 7
        Assert.StartsWith("step 3/7  loss ", printed[0]);
        Assert.Contains("tok/s", printed[2]);
        Assert.StartsWith("step 7/7", printed[2]);

        var bar = new StringWriter();
        NewRun(RecurrentKind.Elman, 0f, new TrainerOptions { Output = bar, ProgressBar = true })
            .Trainer.Train(SentenceBatches.Loader(Sentences, 6), 2);
        Assert.StartsWith("\r[", bar.ToString());
        Assert.Contains("] step 2/2", bar.ToString());
        Assert.EndsWith(Environment.NewLine, bar.ToString());
    }

    [Fact]
    public void TheTrainerRefusesAnOptimizerOfOtherParameters()
    {
        Run run = NewRun(RecurrentKind.Elman, 0f);
        var other = new AdamW(NewRun(RecurrentKind.Elman, 0f).Model.Parameters());
        Assert.Contains("not this model's parameters", Assert.Throws<ArgumentException>(() => new Trainer(run.Model, other)).Message);
    }
}
