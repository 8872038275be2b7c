using System.Globalization;
using RnnCourse.Nn;

namespace RnnCourse.Training;

/// <summary>
/// Everything besides the data that decides the weights of a trained <see cref="RecurrentLanguageModel"/>: its
/// shape, and rnn-train's recipe — AdamW with a linear warm-up and a cosine decay (<see cref="Optim.CosineWithWarmup"/>),
/// gradient clipping, and one seed for the initial weights and the dropout masks. <see cref="ModelCache"/> keys
/// its checkpoints by it (with the corpus and the batches), so two runs with the same recipe on the same data
/// share one model. Chapters 7-9.
/// </summary>
/// <param name="Model">the model's shape (kind, vocabulary, sizes, dropout).</param>
/// <param name="Steps">optimizer steps; the cosine reaches <see cref="MinLearningRate"/> at the last one.</param>
/// <param name="LearningRate">AdamW's peak rate, reached after the warm-up.</param>
/// <param name="WarmupSteps">steps of linear warm-up from 0, against Adam's noisy first updates.</param>
/// <param name="MinLearningRate">the cosine's floor; null: a tenth of the peak, as rnn-train.</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay.</param>
/// <param name="MaxGradNorm">gradients are clipped to this joint norm (the trainer logs the norm before clipping).</param>
/// <param name="EvalEvery">steps between validation losses in the history (0: only at the end).</param>
/// <param name="MaxEvalBatches">validation batches per evaluation (0: all).</param>
/// <param name="Seed">seeds the generator of the initial weights and of the dropout masks.</param>
public sealed record TrainingRecipe(
    LanguageModelConfig Model,
    int Steps,
    double LearningRate = 2e-3,
    int WarmupSteps = 100,
    double? MinLearningRate = null,
    double WeightDecay = 0.01,
    float MaxGradNorm = 1f,
    int EvalEvery = 0,
    int MaxEvalBatches = 0,
    ulong Seed = 42)
{
    /// <summary>The cosine's floor in effect: <see cref="MinLearningRate"/>, else a tenth of <see cref="LearningRate"/>.</summary>
    public double FloorLearningRate => MinLearningRate ?? LearningRate / 10;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model);
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "TrainingRecipe: train at least one step.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "TrainingRecipe: the learning rate must be a positive finite number.");
        if (WarmupSteps < 0 || WarmupSteps > Steps)
            throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, $"TrainingRecipe: the warm-up must be between 0 and the {Steps} steps.");
        if (!(FloorLearningRate >= 0 && FloorLearningRate <= LearningRate))
            throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "TrainingRecipe: the floor of the cosine must be between 0 and the learning rate.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "TrainingRecipe: the weight decay must be a finite number ≥ 0.");
        if (!(MaxGradNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), MaxGradNorm, "TrainingRecipe: the clipping norm must be positive (+∞: no clipping).");
        if (EvalEvery < 0 || MaxEvalBatches < 0)
            throw new ArgumentOutOfRangeException(nameof(EvalEvery), "TrainingRecipe: EvalEvery and MaxEvalBatches are 0 or more.");
    }

    /// <summary>
    /// The recipe as one line of text, every field in a fixed order with round-trip numbers (the same in every culture):
    /// what <see cref="ModelCache"/> hashes, and what a checkpoint records.
    /// </summary>
    public string Describe()
    {
        LanguageModelConfig m = Model;
        return string.Create(CultureInfo.InvariantCulture,
            $"model={m.Kind} vocab={m.VocabSize} embedding={m.EmbeddingSize} hidden={m.HiddenSize} layers={m.NumLayers} " +
            $"dropout={m.Dropout:R} embedding_dropout={m.EmbeddingDropout:R} tied={m.TieWeights} " +
            $"optimizer=AdamW lr={LearningRate:R} weight_decay={WeightDecay:R} schedule=cosine warmup={WarmupSteps} min_lr={FloorLearningRate:R} " +
            $"steps={Steps} clip={MaxGradNorm:R} eval_every={EvalEvery} eval_batches={MaxEvalBatches} seed={Seed}");
    }
}
