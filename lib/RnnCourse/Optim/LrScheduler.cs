using System.Globalization;

namespace RnnCourse.Optim;

/// <summary>
/// The base of the learning-rate schedules (torch.optim.lr_scheduler.LRScheduler). On construction it
/// takes each group's current learning rate as its base rate (torch: initial_lr) and sets the rate for
/// step 0; each <see cref="Step()"/> (called after <c>optimizer.Step()</c>) advances <see cref="LastEpoch"/>
/// and writes the schedule's rate at that step into every group. The rate is a function of the step number
/// and, for <see cref="ReduceLROnPlateau"/>, of the validation losses it was told with <see cref="Step(double)"/>;
/// the state is <see cref="LastEpoch"/>, the base rates and what a schedule adds. Chapter 5.
/// </summary>
public abstract class LrScheduler
{
    private readonly double[] _baseLearningRates;
    private readonly double[] _lastLearningRates;

    protected LrScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        _baseLearningRates = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        foreach (ParamGroup g in optimizer.ParamGroups) g.InitialLearningRate = g.LearningRate;
        _lastLearningRates = new double[_baseLearningRates.Length];
    }

    public Optimizer Optimizer { get; }

    /// <summary>Each group's rate when the schedule started (torch: base_lrs).</summary>
    public IReadOnlyList<double> BaseLearningRates => _baseLearningRates;

    /// <summary>How many times <see cref="Step()"/> has run (torch: last_epoch, which counts steps when stepped per batch).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The rates last written into the groups (torch: get_last_lr()).</summary>
    public IReadOnlyList<double> LastLearningRates => _lastLearningRates;

    /// <summary>The first group's current rate.</summary>
    public double LearningRate => _lastLearningRates[0];

    /// <summary>Advances one step and sets every group's learning rate for it.</summary>
    public void Step()
    {
        LastEpoch++;
        Apply();
    }

    /// <summary>
    /// After an evaluation, with its validation loss (the trainer calls it): what a schedule that follows the
    /// validation loss acts on (torch: ReduceLROnPlateau.step(val_loss)); the closed-form schedules ignore it.
    /// </summary>
    public virtual void Step(double validationLoss) { }

    /// <summary>The schedule: the learning rate at step <paramref name="step"/> of a group whose base rate is <paramref name="baseLearningRate"/>.</summary>
    public abstract double LearningRateAt(double baseLearningRate, int step);

    /// <summary>Writes the rates for <see cref="LastEpoch"/>; each subclass calls it at the end of its constructor.</summary>
    protected void Apply()
    {
        for (int g = 0; g < _baseLearningRates.Length; g++)
        {
            double lr = LearningRateAt(_baseLearningRates[g], LastEpoch);
            Optimizer.ParamGroups[g].LearningRate = lr;
            _lastLearningRates[g] = lr;
        }
    }

    /// <summary>The schedule's position as text, for a checkpoint's metadata: type, last_epoch and base_lrs.</summary>
    public IReadOnlyDictionary<string, string> StateDict()
    {
        var state = new Dictionary<string, string>
        {
            ["type"] = GetType().Name,
            ["last_epoch"] = LastEpoch.ToString(CultureInfo.InvariantCulture),
            ["base_lrs"] = string.Join(",", _baseLearningRates.Select(Optimizer.Format)),
        };
        SaveState(state);
        return state;
    }

    /// <summary>Adds a schedule's own state to <see cref="StateDict"/>'s entries.</summary>
    protected virtual void SaveState(IDictionary<string, string> state) { }

    /// <summary>Restores what <see cref="SaveState"/> wrote; <paramref name="get"/> returns an entry or throws naming it.</summary>
    protected virtual void LoadState(Func<string, string> get) { }

    /// <summary>Restores a position from <see cref="StateDict"/> and sets the groups' rates for it.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string me = GetType().Name;
        string Get(string key) => state.TryGetValue(key, out string? v) ? v
            : throw new ArgumentException($"{me}.LoadStateDict: the state has no '{key}' entry; pass the value of a scheduler's StateDict().");
        if (Get("type") != me)
            throw new ArgumentException($"{me}.LoadStateDict: the state was written by {Get("type")}; load it into a {Get("type")}.");
        if (!int.TryParse(Get("last_epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out int lastEpoch))
            throw new ArgumentException($"{me}.LoadStateDict: last_epoch '{Get("last_epoch")}' is not a step number.");
        string[] parts = Get("base_lrs").Split(',');
        if (parts.Length != _baseLearningRates.Length)
            throw new ArgumentException($"{me}.LoadStateDict: the state has {parts.Length} base rates but the optimizer has {_baseLearningRates.Length} groups.");
        var rates = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out rates[i]))
                throw new ArgumentException($"{me}.LoadStateDict: base rate '{parts[i]}' is not a number.");
        LoadState(Get);
        rates.CopyTo(_baseLearningRates, 0);
        LastEpoch = lastEpoch;
        Apply();
    }
}

/// <summary>
/// Step decay (torch.optim.lr_scheduler.StepLR): η_t = η₀ · γ^⌊t / stepSize⌋, the rate multiplied by γ
/// every <c>stepSize</c> steps.
/// </summary>
public sealed class StepLR : LrScheduler
{
    public int StepSize { get; }
    public double Gamma { get; }

    /// <param name="optimizer">the optimizer whose rates this sets.</param>
    /// <param name="stepSize">steps between decays (≥ 1).</param>
    /// <param name="gamma">the factor of each decay (default 0.1, as PyTorch).</param>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize < 1) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepLR: the step size must be at least 1.");
        if (!(gamma >= 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "StepLR: gamma must be ≥ 0.");
        StepSize = stepSize;
        Gamma = gamma;
        Apply();
    }

    public override double LearningRateAt(double baseLearningRate, int step)
        => baseLearningRate * Math.Pow(Gamma, step / StepSize);
}

/// <summary>
/// Linear warm-up then cosine decay to a floor — the schedule of most transformer and RNN language-model
/// recipes (Hugging Face's get_cosine_with_min_lr_schedule_with_warmup; torch: SequentialLR of LinearLR and
/// CosineAnnealingLR). With W warm-up steps, T total steps and floor η_min:
/// <code>
/// t &lt; W:      η_t = η₀ · t / W                                      (so step 0 runs at rate 0, as in Hugging Face)
/// W ≤ t:      η_t = η_min + (η₀ − η_min) · ½ (1 + cos(π · min(1, (t − W) / (T − W))))
/// </code>
/// After T steps the rate stays at η_min. Warm-up keeps Adam's first, noisy second-moment estimates from
/// taking large steps; the cosine spends most steps at a moderate rate and anneals at the end.
/// </summary>
public sealed class CosineWithWarmup : LrScheduler
{
    public int WarmupSteps { get; }
    public int TotalSteps { get; }
    public double MinLearningRate { get; }

    /// <param name="optimizer">the optimizer whose rates this sets.</param>
    /// <param name="warmupSteps">W, steps of linear warm-up from 0 (0 for none).</param>
    /// <param name="totalSteps">T, the step at which the cosine reaches the floor (≥ W).</param>
    /// <param name="minLr">η_min, the floor, the same for every group (default 0).</param>
    public CosineWithWarmup(Optimizer optimizer, int warmupSteps, int totalSteps, double minLr = 0) : base(optimizer)
    {
        if (warmupSteps < 0 || totalSteps < warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(totalSteps),
                $"CosineWithWarmup: need 0 ≤ warmupSteps ≤ totalSteps, got warmupSteps {warmupSteps}, totalSteps {totalSteps}.");
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinLearningRate = Optimizer.CheckNonNegative(minLr, "minimum learning rate");
        Apply();
    }

    public override double LearningRateAt(double baseLearningRate, int step)
    {
        if (step < WarmupSteps) return baseLearningRate * step / WarmupSteps;
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return MinLearningRate + (baseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}

/// <summary>
/// Divides the rate when the validation loss stops improving (torch.optim.lr_scheduler.ReduceLROnPlateau, mode
/// "min", relative threshold): after each evaluation with loss ℓ,
/// <code>
/// ℓ &lt; best · (1 − threshold):  best = ℓ, bad = 0          (an improvement)
/// otherwise:                    bad = bad + 1
/// bad &gt; patience:               η = max(η · factor, η_min), bad = 0
/// </code>
/// PyTorch's word_language_model divides its rate by 4 whenever an epoch's validation loss is not the best so
/// far: factor 0.25, patience 0, threshold 0. Between evaluations the rate stays where it is.
/// </summary>
public sealed class ReduceLROnPlateau : LrScheduler
{
    public double Factor { get; }
    public int Patience { get; }
    public double Threshold { get; }
    public double MinLearningRate { get; }

    /// <summary>The lowest validation loss so far (∞ before the first).</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Evaluations since the last improvement (torch: num_bad_epochs).</summary>
    public int BadEvaluations { get; private set; }

    /// <summary>How many times the rate has been multiplied by <see cref="Factor"/>.</summary>
    public int Reductions { get; private set; }

    /// <param name="optimizer">the optimizer whose rates this sets.</param>
    /// <param name="factor">multiplies the rate at each reduction, in [0, 1) (torch's default 0.1).</param>
    /// <param name="patience">evaluations without improvement tolerated before reducing (torch's default 10).</param>
    /// <param name="threshold">the relative improvement that counts (torch's default 1e-4; 0: any decrease).</param>
    /// <param name="minLr">η_min, the floor (default 0).</param>
    public ReduceLROnPlateau(Optimizer optimizer, double factor = 0.1, int patience = 10, double threshold = 1e-4, double minLr = 0)
        : base(optimizer)
    {
        if (!(factor >= 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau: the factor must be in [0, 1).");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "ReduceLROnPlateau: the patience must be ≥ 0.");
        Factor = factor;
        Patience = patience;
        Threshold = Optimizer.CheckNonNegative(threshold, "threshold");
        MinLearningRate = Optimizer.CheckNonNegative(minLr, "minimum learning rate");
        Apply();
    }

    /// <summary>η = max(η₀ · factor^reductions, η_min): the same as reducing step by step, since both are monotone.</summary>
    public override double LearningRateAt(double baseLearningRate, int step)
        => Math.Max(baseLearningRate * Math.Pow(Factor, Reductions), MinLearningRate);

    public override void Step(double validationLoss)
    {
        if (validationLoss < Best * (1 - Threshold))
        {
            Best = validationLoss;
            BadEvaluations = 0;
        }
        else if (++BadEvaluations > Patience)
        {
            Reductions++;
            BadEvaluations = 0;
            Apply();
        }
    }

    protected override void SaveState(IDictionary<string, string> state)
    {
        state["best"] = Optimizer.Format(Best);
        state["bad_evaluations"] = BadEvaluations.ToString(CultureInfo.InvariantCulture);
        state["reductions"] = Reductions.ToString(CultureInfo.InvariantCulture);
    }

    protected override void LoadState(Func<string, string> get)
    {
        if (!double.TryParse(get("best"), NumberStyles.Float, CultureInfo.InvariantCulture, out double best)
            || !int.TryParse(get("bad_evaluations"), NumberStyles.None, CultureInfo.InvariantCulture, out int bad)
            || !int.TryParse(get("reductions"), NumberStyles.None, CultureInfo.InvariantCulture, out int reductions))
            throw new ArgumentException("ReduceLROnPlateau.LoadStateDict: best, bad_evaluations or reductions is not a number.");
        Best = best;
        BadEvaluations = bad;
        Reductions = reductions;
    }
}
