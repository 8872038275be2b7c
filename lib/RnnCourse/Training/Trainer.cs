using System.Diagnostics;
using System.Globalization;
using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;

namespace RnnCourse.Training;

/// <summary>
/// The training loop of the readings for any <see cref="LanguageModel"/> (a <see cref="RecurrentLanguageModel"/>,
/// or one composed from the layers). One step:
/// <code>
/// optimizer.ZeroGrad()
/// logits, state = model.Forward(inputs, state)        // (B, T, V); state carried (detached) under TBPTT
/// loss = CrossEntropy(logits.Reshape(B·T, V), targets, ignore_index = batch.IgnoreIndex)
/// loss.Backward()
/// ‖g‖ = ClipGrad.Norm(parameters, maxNorm)             // logged before clipping
/// optimizer.Step(); schedule.Step()
/// </code>
/// and after each evaluation <c>schedule.Step(validationLoss)</c>, which <see cref="ReduceLROnPlateau"/> acts on.
/// <see cref="Train"/> repeats it over an <see cref="IBatchSource{TBatch}"/>, evaluates on validation data,
/// records a <see cref="History"/>, writes progress and checkpoints, and stops with a message naming the
/// step when the loss or the gradient norm is NaN or ∞ — before the optimizer steps, so the weights and the
/// last checkpoint stay good. A checkpoint holds the whole state (weights, optimizer, schedule, generator,
/// data position, carried state), so a resumed run continues bit-identically. Chapter 5.
/// </summary>
public sealed class Trainer
{
    private RecurrentState? _carried;

    /// <param name="model">the model to train.</param>
    /// <param name="optimizer">an optimizer over <paramref name="model"/>'s parameters.</param>
    /// <param name="schedule">sets the learning rate each step; null: constant.</param>
    /// <param name="options">evaluation, checkpoint and progress settings; null: the defaults.</param>
    public Trainer(LanguageModel model, Optimizer optimizer, LrScheduler? schedule = null, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var own = new HashSet<Tensor>(model.Parameters(), ReferenceEqualityComparer.Instance);
        if (!optimizer.Parameters.All(own.Contains))
            throw new ArgumentException("Trainer: the optimizer updates tensors that are not this model's parameters; build it from model.Parameters().", nameof(optimizer));
        if (schedule is not null && !ReferenceEquals(schedule.Optimizer, optimizer))
            throw new ArgumentException("Trainer: the schedule sets the learning rate of another optimizer; build it over this one.", nameof(schedule));
        Model = model;
        Optimizer = optimizer;
        Schedule = schedule;
        Options = options ?? new TrainerOptions();
        if (Options.LogEvery < 1 || Options.EvalEvery < 0 || Options.MaxEvalBatches < 0 || !(Options.MaxGradNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"Trainer options: need LogEvery ≥ 1, EvalEvery ≥ 0, MaxEvalBatches ≥ 0 and MaxGradNorm > 0, got {Options}.");
        Generator = Options.Generator ?? model.Generator;
    }

    public LanguageModel Model { get; }
    public Optimizer Optimizer { get; }
    public LrScheduler? Schedule { get; }
    public TrainerOptions Options { get; }

    /// <summary>The generator of the model's dropout masks; its state is saved in checkpoints.</summary>
    public Generator Generator { get; }

    /// <summary>Loss, gradient norm and learning rate of every step, and the validation losses.</summary>
    public History History { get; private set; } = new();

    /// <summary>The optimizer steps taken (0 before training; the next step is Step + 1).</summary>
    public int Step { get; private set; }

    /// <summary>The epoch <see cref="Train"/> reads batches from.</summary>
    public int Epoch { get; private set; }

    /// <summary>The index in <see cref="Epoch"/> of the next batch <see cref="Train"/> reads.</summary>
    public int BatchIndex { get; private set; }

    /// <summary>The lowest validation loss measured so far (∞ before the first evaluation).</summary>
    public double BestValidationLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>
    /// One update from <paramref name="batch"/>. Under truncated BPTT (<see cref="LanguageModelBatch.ContinuesState"/>)
    /// the previous step's final state, detached, is the initial state. Throws <see cref="TrainingDivergedException"/>
    /// — without updating anything — when the loss or the gradient norm is NaN or ∞.
    /// </summary>
    public StepRecord TrainStep(LanguageModelBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.TokenCount == 0)
            throw new ArgumentException("TrainStep: every target of the batch is padding, so there is no loss to learn from.", nameof(batch));
        int step = Step + 1;
        double learningRate = Optimizer.LearningRate;
        Model.Train();
        Optimizer.ZeroGrad();
        RecurrentState? initial = batch.ContinuesState && _carried is { } carried && carried.H.Size(1) == batch.BatchSize ? carried : null;
        var (logits, final) = Model.Forward(batch.Inputs, batch.BatchSize, batch.Steps, initial);          // (B, T, V)
        Tensor flat = logits.Reshape(-1, Model.VocabSize);                                                 // (B·T, V)
        Tensor loss = Functional.CrossEntropy(flat, batch.Targets, batch.IgnoreIndex);                     // ()
        float lossValue = loss.Item();
        if (!float.IsFinite(lossValue))
            throw Diverged(step, lossValue, float.NaN, $"the loss is {lossValue}");
        loss.Backward();
        float gradNorm = ClipGrad.Norm(Model.Parameters(), Options.MaxGradNorm);
        if (!float.IsFinite(gradNorm))
        {
            Optimizer.ZeroGrad();
            throw Diverged(step, lossValue, gradNorm, $"the gradient norm is {gradNorm} (loss {lossValue.ToString("F4", CultureInfo.InvariantCulture)})");
        }
        Optimizer.Step();
        Schedule?.Step();
        _carried = final.Detach();
        Step = step;
        var record = new StepRecord(step, lossValue, gradNorm, learningRate);
        History.Add(record);
        return record;
    }

    private static TrainingDivergedException Diverged(int step, float loss, float gradNorm, string what) => new(step, loss, gradNorm,
        $"Training stopped at step {step}: {what}. The optimizer did not step, so the weights are those after step {step - 1}. " +
        "Lower the learning rate, clip the gradient norm harder, or check the data.");

    /// <summary>The model's mean loss per token and perplexity on <paramref name="data"/>, in eval mode without gradients.</summary>
    public EvaluationResult Evaluate(IBatchSource<LanguageModelBatch> data, int maxBatches = 0) => Evaluation.Evaluate(Model, data, maxBatches);

    /// <summary>
    /// Trains until <see cref="Step"/> reaches <paramref name="totalSteps"/> (so a resumed trainer runs only the
    /// steps left), reading batches from <paramref name="train"/> at (<see cref="Epoch"/>, <see cref="BatchIndex"/>).
    /// Every <see cref="TrainerOptions.EvalEvery"/> steps and at the end it evaluates on <paramref name="validation"/>
    /// (when given) and writes the checkpoint. A NaN or ∞ stops the run with a message; nothing is written after it.
    /// </summary>
    public TrainingSummary Train(IBatchSource<LanguageModelBatch> train, int totalSteps, IBatchSource<LanguageModelBatch>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.BatchesPerEpoch < 1)
            throw new ArgumentException("Train: the training data has no batches; give it more text or a smaller batch.", nameof(train));
        var progress = new TrainingProgress(Options.Output, totalSteps, Options.LogEvery, Options.ProgressBar);
        var clock = new Stopwatch();
        int firstStep = Step;
        long tokens = 0;
        EvaluationResult? lastValidation = null;
        TrainingSummary Summary(bool diverged, string? message) =>
            new(Step, Step - firstStep, tokens, clock.Elapsed, BestValidationLoss, lastValidation, diverged, message);

        while (Step < totalSteps)
        {
            if (BatchIndex >= train.BatchesPerEpoch)
            {
                Epoch++;
                BatchIndex = 0;
            }
            LanguageModelBatch batch = train.GetBatch(Epoch, BatchIndex);
            StepRecord record;
            clock.Start();
            try
            {
                record = TrainStep(batch);
            }
            catch (TrainingDivergedException e)
            {
                clock.Stop();
                string message = e.Message + KeptCheckpointNote();
                progress.Message(message);
                return Summary(diverged: true, message);
            }
            clock.Stop();
            BatchIndex++;
            tokens += batch.TokenCount;
            progress.Report(record, tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));

            bool last = Step == totalSteps;
            if (!last && (Options.EvalEvery == 0 || Step % Options.EvalEvery != 0)) continue;
            bool improved = false;
            if (validation is not null)
            {
                EvaluationResult result = Evaluate(validation, Options.MaxEvalBatches);
                lastValidation = result;
                if (!double.IsFinite(result.Loss))
                {
                    string message = $"Training stopped at step {Step}: the validation loss is {result.Loss}, so the model has diverged. " +
                                     "Lower the learning rate or clip the gradient norm harder." + KeptCheckpointNote();
                    progress.Message(message);
                    return Summary(diverged: true, message);
                }
                History.Add(new EvaluationRecord(Step, result.Loss, result.Perplexity));
                Schedule?.Step(result.Loss);
                improved = result.Loss < BestValidationLoss;
                if (improved) BestValidationLoss = result.Loss;
                progress.Message(string.Create(CultureInfo.InvariantCulture,
                    $"step {Step}: validation loss {result.Loss:F4} (perplexity {result.Perplexity:F2}){(improved ? ", best so far" : "")}"));
            }
            if (Options.CheckpointPath is { } path)
            {
                SaveCheckpoint(path);
                if (improved && Options.SaveBest) SaveCheckpoint(Options.BestCheckpointPath!);
            }
        }
        return Summary(diverged: false, null);
    }

    private string KeptCheckpointNote() => Options.CheckpointPath is { } path && File.Exists(path)
        ? $" The last checkpoint, '{path}', was written before this and is left as it was; resume from it with a lower learning rate."
        : "";

    /// <summary>
    /// Writes the whole training state to <paramref name="path"/> (see <see cref="Checkpoint"/>), atomically; refused
    /// when a parameter holds NaN or ∞.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>(Options.CheckpointMetadata ?? new Dictionary<string, string>());
        OptimizerState optimizer = Optimizer.StateDict().WithPrefix(Checkpoint.OptimizerPrefix);
        foreach (var (k, v) in optimizer.Tensors) tensors[k] = v;
        foreach (var (k, v) in optimizer.Metadata) metadata[k] = v;
        if (Schedule is not null)
            foreach (var (k, v) in Schedule.StateDict()) metadata[Checkpoint.SchedulePrefix + k] = v;
        if (_carried is { } carried)
        {
            tensors[Checkpoint.TrainerPrefix + "state.h"] = carried.H;
            if (carried.C is { } c) tensors[Checkpoint.TrainerPrefix + "state.c"] = c;
        }
        string T(string key) => Checkpoint.TrainerPrefix + key;
        metadata[T("step")] = Step.ToString(CultureInfo.InvariantCulture);
        metadata[T("epoch")] = Epoch.ToString(CultureInfo.InvariantCulture);
        metadata[T("batch_index")] = BatchIndex.ToString(CultureInfo.InvariantCulture);
        metadata[T("best_validation_loss")] = BestValidationLoss.ToString("R", CultureInfo.InvariantCulture);
        metadata[T("generator")] = string.Join(",", Generator.GetState().Select(v => v.ToString("x16", CultureInfo.InvariantCulture)));
        metadata[T("history")] = History.ToCsv();
        Checkpoint.Save(path, Model, Options.Vocabulary, tensors, metadata);
    }

    /// <summary>
    /// Restores the state written by <see cref="SaveCheckpoint"/> into this trainer, whose model, optimizer and
    /// schedule must be built as the saved ones were. Returns the checkpoint (its metadata included).
    /// </summary>
    public Checkpoint LoadCheckpoint(string path)
    {
        Checkpoint checkpoint = Checkpoint.Load(path);
        IReadOnlyDictionary<string, string> meta = checkpoint.Metadata;
        string T(string key) => meta.TryGetValue(Checkpoint.TrainerPrefix + key, out string? v) ? v
            : throw new InvalidDataException($"Checkpoint '{path}' has no '{Checkpoint.TrainerPrefix}{key}' entry: it holds a model but no training state, so training cannot resume from it.");
        int Int(string key) => int.TryParse(T(key), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
            : throw new InvalidDataException($"Checkpoint '{path}': '{Checkpoint.TrainerPrefix}{key}' is '{T(key)}', not a whole number.");

        int step = Int("step"), epoch = Int("epoch"), batchIndex = Int("batch_index");
        if (!double.TryParse(T("best_validation_loss"), NumberStyles.Float, CultureInfo.InvariantCulture, out double best))
            throw new InvalidDataException($"Checkpoint '{path}': the best validation loss '{T("best_validation_loss")}' is not a number.");
        ulong[] generatorState;
        try
        {
            generatorState = T("generator").Split(',').Select(s => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}': the generator state is not a list of hexadecimal numbers.", e);
        }
        History history;
        try { history = History.FromCsv(T("history")); }
        catch (FormatException e) { throw new InvalidDataException($"Checkpoint '{path}': the history is corrupt ({e.Message})", e); }
        bool hasSchedule = meta.Keys.Any(k => k.StartsWith(Checkpoint.SchedulePrefix, StringComparison.Ordinal));
        if (hasSchedule != Schedule is not null)
            throw new InvalidDataException(hasSchedule
                ? $"Checkpoint '{path}' was trained with a learning-rate schedule but this trainer has none; build it with the same schedule."
                : $"Checkpoint '{path}' was trained without a learning-rate schedule but this trainer has one; build it without.");
        RecurrentState? carried = null;
        if (checkpoint.Tensors.TryGetValue(Checkpoint.TrainerPrefix + "state.h", out Tensor? h))
        {
            checkpoint.Tensors.TryGetValue(Checkpoint.TrainerPrefix + "state.c", out Tensor? c);
            if (Model is RecurrentLanguageModel { Config: var config } &&
                (h.Rank != 3 || h.Size(0) != config.NumLayers || h.Size(2) != config.HiddenSize || (c is null) != (config.Kind != RecurrentKind.Lstm)))
                throw new InvalidDataException($"Checkpoint '{path}': the carried state does not fit a {config.Kind} of {config.NumLayers} layers of {config.HiddenSize}.");
            carried = new RecurrentState(h, c);
        }

        try
        {
            checkpoint.LoadInto(Model);
            Optimizer.LoadStateDict(OptimizerState.FromPrefixed(checkpoint.Tensors, meta, Checkpoint.OptimizerPrefix));
            Schedule?.LoadStateDict(meta.Where(kv => kv.Key.StartsWith(Checkpoint.SchedulePrefix, StringComparison.Ordinal))
                                        .ToDictionary(kv => kv.Key[Checkpoint.SchedulePrefix.Length..], kv => kv.Value));
            Generator.SetState(generatorState);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' does not fit this trainer: {e.Message}", e);
        }
        Step = step;
        Epoch = epoch;
        BatchIndex = batchIndex;
        BestValidationLoss = best;
        History = history;
        _carried = carried;
        return checkpoint;
    }
}
