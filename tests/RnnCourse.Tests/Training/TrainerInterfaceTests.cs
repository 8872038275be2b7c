using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>
/// The trainer behind <see cref="LanguageModel"/>: a model composed from the layers trains, checkpoints and resumes as a
/// <see cref="RecurrentLanguageModel"/> does; ReduceLROnPlateau follows the validation loss; the ignored target id comes with the batch.
/// </summary>
public sealed class TrainerInterfaceTests
{
    private const int Vocab = 11;

    /// <summary>A repeating stream with some noise, ids 4..10.</summary>
    private static int[] Stream(int length, ulong seed) => NoisyCycle.Stream(length, period: 7, noiseOneIn: 5, seed);

    /// <summary>pytorch/examples' RNNModel written with the library's layers: embedding, dropout, LSTM, dropout, linear.</summary>
    private sealed class ComposedModel : LanguageModel
    {
        private readonly Embedding _embedding;
        private readonly Dropout _dropout;
        private readonly Lstm _rnn;
        private readonly Linear _head;
        private readonly Generator _generator;

        public ComposedModel(int vocab, int size, int layers, float dropout, Generator generator)
        {
            _generator = generator;
            _embedding = RegisterModule("embedding", new Embedding(vocab, size, generator: generator));
            _rnn = RegisterModule("rnn", new Lstm(size, size, layers, dropout: dropout, generator: generator));
            _head = RegisterModule("head", new Linear(size, vocab, generator: generator));
            _dropout = RegisterModule("drop", new Dropout(dropout, generator));
        }

        public override int VocabSize => _head.OutFeatures;

        public override Generator Generator => _generator;

        public override (Tensor Logits, RecurrentState State) Forward(IReadOnlyList<int> ids, int batch, int steps, RecurrentState? state = null)
        {
            Tensor x = _dropout.Forward(_embedding.Forward(ids, batch, steps));                                  // (B, T, E)
            var (output, (h, c)) = _rnn.Forward(x, state is null ? null : (state.H, state.C!));                 // (B, T, H)
            return (_head.Forward(_dropout.Forward(output)), new RecurrentState(h, c));                          // (B, T, V)
        }
    }

    private static (Trainer Trainer, LanguageModel Model) NewRun(bool composed, Func<Optimizer, LrScheduler>? schedule = null, TrainerOptions? options = null)
    {
        var g = new Generator(21);
        var reference = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, Vocab, 6, 6, 2, Dropout: 0.2f, EmbeddingDropout: 0.2f), g);
        LanguageModel model = reference;
        if (composed)
        {
            ulong[] masks = g.GetState();
            var layers = new ComposedModel(Vocab, 6, 2, 0.2f, g);
            layers.LoadStateDict(reference.StateDict()); // the same names and weights
            g.SetState(masks);                           // and the same dropout masks
            model = layers;
        }
        var optimizer = new Sgd(model.Parameters(), 1.0);
        return (new Trainer(model, optimizer, schedule?.Invoke(optimizer), options), model);
    }

    [Fact]
    public void AModelComposedFromTheLayersTrainsAsTheRecurrentLanguageModelDoes()
    {
        var data = new TokenStreamBatches(Stream(200, 1), batchSize: 4, steps: 7, keepPartialWindow: true);
        var (library, _) = NewRun(composed: false);
        var (layers, _) = NewRun(composed: true);
        library.Train(data, 10, data);
        layers.Train(data, 10, data);
        // The same masks in the same order, the embedding dropout keeping the vectors unfolded: equal up to rounding.
        Tolerance.AllClose(library.History.Losses, layers.History.Losses, rtol: 1e-4, atol: 1e-5, what: "losses");
        Assert.True(library.History.Losses[^1] < library.History.Losses[0] - 0.2, $"the loss falls: {string.Join(" ", library.History.Losses)}");
        Assert.Equal(library.BestValidationLoss, layers.BestValidationLoss, 4);
    }

    [Fact]
    public void AComposedModelCheckpointsAndResumesBitIdentically()
    {
        var data = new TokenStreamBatches(Stream(200, 2), batchSize: 4, steps: 7);
        var (straight, _) = NewRun(composed: true);
        straight.Train(data, 8);

        using var folder = new TempFolder();
        string path = folder.File("composed.safetensors");
        var (first, _) = NewRun(composed: true);
        first.Train(data, 4);
        first.SaveCheckpoint(path);
        Checkpoint checkpoint = Checkpoint.Load(path);
        Assert.Null(checkpoint.Config); // not a RecurrentLanguageModel: the trainer's state and the weights only
        Assert.Throws<InvalidOperationException>(() => checkpoint.CreateModel());

        var (resumed, model) = NewRun(composed: true);
        resumed.LoadCheckpoint(path);
        resumed.Train(data, 8);
        Assert.Equal(straight.History.Losses, resumed.History.Losses);

        var (other, _) = NewRun(composed: false);
        var e = Assert.Throws<InvalidDataException>(() => other.LoadCheckpoint(path));
        Assert.Contains("other than a RecurrentLanguageModel", e.Message);
        Assert.IsType<ComposedModel>(model);
    }

    [Fact]
    public void ReduceLROnPlateauHearsEveryValidationLossAndResumes()
    {
        var train = new TokenStreamBatches(Stream(300, 3), batchSize: 4, steps: 7);
        var validation = new TokenStreamBatches(Stream(120, 4), batchSize: 2, steps: 7, keepPartialWindow: true);
        Func<Optimizer, LrScheduler> plateau = o => new ReduceLROnPlateau(o, factor: 0.5, patience: 0, threshold: 0.02);
        var options = new TrainerOptions { EvalEvery = 2 };
        var (straight, _) = NewRun(composed: false, plateau, options);
        straight.Train(train, 16, validation);

        // Replaying the recorded validation losses through the rule gives the rates the run used after each.
        var replay = new ReduceLROnPlateau(new Sgd([Torch.Ones(1)], 1.0), factor: 0.5, patience: 0, threshold: 0.02);
        var evaluations = straight.History.Evaluations;
        Assert.Equal(8, evaluations.Count);
        foreach (var evaluation in evaluations)
        {
            replay.Step(evaluation.Loss);
            if (evaluation.Step < 16) Assert.Equal(replay.LearningRate, straight.History.LearningRates[evaluation.Step]); // the next step's rate
        }
        Assert.Contains(0.5, straight.History.LearningRates); // the rule acted at least once
        var schedule = (ReduceLROnPlateau)straight.Schedule!;
        Assert.Equal((replay.Best, replay.Reductions), (schedule.Best, schedule.Reductions));

        using var folder = new TempFolder();
        string path = folder.File("plateau.safetensors");
        var (first, _) = NewRun(composed: false, plateau, options);
        first.Train(train, 8, validation);
        first.SaveCheckpoint(path);
        var (resumed, _) = NewRun(composed: false, plateau, options);
        resumed.LoadCheckpoint(path);
        resumed.Train(train, 16, validation);
        Assert.Equal(straight.History.LearningRates, resumed.History.LearningRates);
        Assert.Equal(straight.History.Losses, resumed.History.Losses);
    }

    [Fact]
    public void TheLossAndTheEvaluationSkipOnlyTheBatchsIgnoredId()
    {
        int[] tokens = Stream(100, 5).Select(id => id == 4 ? 0 : id).ToArray(); // another tokenizer's ids: 0 is a word
        var data = new TokenStreamBatches(tokens, batchSize: 2, steps: 5, ignoreIndex: Functional.DefaultIgnoreIndex);
        var (trainer, model) = NewRun(composed: false);
        LanguageModelBatch batch = Enumerable.Range(0, data.BatchesPerEpoch).Select(i => data.GetBatch(0, i)).First(b => b.Targets.Contains(0));

        EvaluationResult result = trainer.Evaluate(data);
        Assert.Equal(data.TokensPerEpoch, result.TokenCount); // every target, the 0s included

        model.Eval();
        double total = 0;
        RecurrentState? state = null;
        for (int i = 0; i < data.BatchesPerEpoch; i++)
        {
            LanguageModelBatch b = data.GetBatch(0, i);
            (Tensor logits, state) = model.Forward(b.Inputs, b.BatchSize, b.Steps, b.ContinuesState ? state : null);
            total += Functional.CrossEntropy(logits, b.Targets, reduction: Reduction.Sum).Item(); // nothing ignored
        }
        model.Train();
        Assert.Equal(total / data.TokensPerEpoch, result.Loss, 4);

        var skipping = new LanguageModelBatch(batch.Inputs, batch.Targets, batch.BatchSize, batch.Steps); // <pad> = 0 ignored
        Assert.True(skipping.TokenCount < batch.TokenCount);
        Assert.NotEqual(trainer.TrainStep(batch).Loss, NewRun(composed: false).Trainer.TrainStep(skipping).Loss);
    }
}
