using System.Globalization;

namespace RnnCourse.Optim;

/// <summary>
/// The base of the learning-rate schedules (torch.optim.lr_scheduler.LRScheduler). On construction it
/// takes each group's current learning rate as its base rate (torch: initial_lr) and sets the rate for
/// step 0; each <see cref="Step"/> (called after <c>optimizer.Step()</c>) advances <see cref="LastEpoch"/>
/// and writes the schedule's rate at that step into every group. Schedules here are closed forms of the
/// step number, so their state is just <see cref="LastEpoch"/> and the base rates. Chapter 5.
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

    /// <summary>How many times <see cref="Step"/> has run (torch: last_epoch, which counts steps when stepped per batch).</summary>
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
    public IReadOnlyDictionary<string, string> StateDict() => new Dictionary<string, string>
    {
        ["type"] = GetType().Name,
        ["last_epoch"] = LastEpoch.ToString(CultureInfo.InvariantCulture),
        ["base_lrs"] = string.Join(",", _baseLearningRates.Select(Optimizer.Format)),
    };

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
