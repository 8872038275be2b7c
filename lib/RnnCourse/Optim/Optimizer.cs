using System.Globalization;
using RnnCourse.Tensors;

namespace RnnCourse.Optim;

/// <summary>
/// The base of the optimizers (torch.optim.Optimizer): parameter groups with their learning rates,
/// <see cref="Step"/> (update every parameter that has a gradient), <see cref="ZeroGrad"/>, and a state
/// dict of the per-parameter buffers so that a run can be checkpointed and resumed bit-exactly.
/// Hyperparameters are doubles, as Python floats are in PyTorch; each update casts them to float at the
/// point PyTorch's float32 kernels do. Updates run over each parameter's Data in cache-sized chunks with
/// TensorPrimitives span kernels and per-thread scratch buffers (<see cref="ForEachChunk"/>), so a step allocates
/// nothing per element.
/// Chapter 5.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Elements per chunk: the chunk of every array an update touches stays in cache between its passes.</summary>
    protected internal const int ChunkSize = 4096;

    private readonly ParamGroup[] _groups;
    private readonly Tensor[] _parameters;
    private readonly Dictionary<string, Tensor>?[] _state;

    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>One chunk of an update: elements [start, start + count) with two chunk-sized work spans.</summary>
    protected delegate void ChunkUpdate(int start, int count, Span<float> scratchA, Span<float> scratchB);

    /// <summary>
    /// Runs <paramref name="update"/> over [0, length) chunk by chunk; ranges of chunks run on
    /// <see cref="Parallelism.MaxThreads"/> threads, each with its own work spans. Every element is updated
    /// on its own, so the result does not depend on the thread count.
    /// </summary>
    protected static void ForEachChunk(int length, ChunkUpdate update)
    {
        int chunks = (length + ChunkSize - 1) / ChunkSize;
        Parallelism.ForRanges(chunks, 8L * ChunkSize, (first, end) => // about eight passes over each element
        {
            float[] scratch = t_scratch ??= new float[2 * ChunkSize];
            for (int chunk = first; chunk < end; chunk++)
            {
                int start = chunk * ChunkSize, count = Math.Min(ChunkSize, length - start);
                update(start, count, scratch.AsSpan(0, count), scratch.AsSpan(ChunkSize, count));
            }
        });
    }

    protected Optimizer(IEnumerable<ParamGroup> groups, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        CheckNonNegative(learningRate, "learning rate");
        CheckNonNegative(weightDecay, "weight decay");
        _groups = groups.ToArray();
        if (_groups.Length == 0 || _groups.All(g => g.Parameters.Count == 0))
            throw new ArgumentException($"{GetType().Name} got an empty parameter list; pass model.Parameters().");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (ParamGroup group in _groups)
        {
            group.ApplyDefaults(learningRate, weightDecay);
            foreach (Tensor p in group.Parameters)
                if (!seen.Add(p))
                    throw new ArgumentException(
                        $"{GetType().Name}: a parameter of shape {Shapes.Format(p.ShapeArray)} appears twice in the parameter list or in two groups; pass each parameter once.");
        }
        _parameters = _groups.SelectMany(g => g.Parameters).ToArray();
        _state = new Dictionary<string, Tensor>?[_parameters.Length];
    }

    protected static ParamGroup[] OneGroup(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [new ParamGroup(parameters)];
    }

    /// <summary>The parameter groups (torch: param_groups).</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Every parameter over all groups, in order; a parameter's index here names its state buffers.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The first group's learning rate; setting it sets every group's.</summary>
    public double LearningRate
    {
        get => _groups[0].LearningRate;
        set
        {
            foreach (ParamGroup g in _groups) g.LearningRate = value;
        }
    }

    /// <summary>How many times <see cref="Step"/> has run.</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates every parameter whose Grad is set, from that gradient; parameters without one are skipped.</summary>
    public void Step()
    {
        int index = 0;
        foreach (ParamGroup group in _groups)
            foreach (Tensor p in group.Parameters)
            {
                if (p.Grad is { } grad)
                {
                    if (grad.Numel != p.Numel)
                        throw new InvalidOperationException(
                            $"{GetType().Name}.Step: parameter {index} has shape {Shapes.Format(p.ShapeArray)} but its gradient has shape {Shapes.Format(grad.ShapeArray)}.");
                    Update(index, p.Data, grad.Data, group);
                }
                index++;
            }
        StepCount++;
    }

    /// <summary>Sets every parameter's gradient to null (torch: zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (Tensor p in _parameters) p.ZeroGrad();
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, float[] parameter, float[] grad, ParamGroup group);

    /// <summary>The names of the buffers each parameter gets on its first update (in this configuration).</summary>
    protected abstract IReadOnlyList<string> BufferNames { get; }

    /// <summary>The optimizer-wide settings, written to the state and checked when it is loaded.</summary>
    protected abstract IEnumerable<(string Name, double Value)> Hyperparameters { get; }

    /// <summary>Buffers that are one number (shape ()), e.g. Adam's "step"; the others are shaped as the parameter.</summary>
    protected virtual bool IsScalarBuffer(string name) => false;

    /// <summary>The state of parameter <paramref name="index"/>, or null before its first update.</summary>
    protected Dictionary<string, Tensor>? StateOf(int index) => _state[index];

    /// <summary>Creates parameter <paramref name="index"/>'s buffers, zero-filled.</summary>
    protected Dictionary<string, Tensor> CreateState(int index)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (string name in BufferNames)
            state[name] = IsScalarBuffer(name) ? Torch.Zeros() : Torch.Zeros(_parameters[index].ShapeArray);
        _state[index] = state;
        return state;
    }

    /// <summary>
    /// A copy of the state (torch: state_dict()): buffers as tensors named "{index}.{buffer}", and as text
    /// the type, the step count, each group's learning rate, weight decay and size, and the hyperparameters.
    /// </summary>
    public OptimizerState StateDict()
    {
        var tensors = new Dictionary<string, Tensor>();
        for (int i = 0; i < _state.Length; i++)
            if (_state[i] is { } state)
                foreach (var (name, buffer) in state) tensors[$"{i}.{name}"] = buffer.Copy();
        var metadata = new Dictionary<string, string>
        {
            [OptimizerState.TypeKey] = GetType().Name,
            [OptimizerState.StepCountKey] = StepCount.ToString(CultureInfo.InvariantCulture),
        };
        for (int g = 0; g < _groups.Length; g++)
        {
            metadata[OptimizerState.GroupKey(g, "lr")] = Format(_groups[g].LearningRate);
            metadata[OptimizerState.GroupKey(g, "initial_lr")] = Format(_groups[g].InitialLearningRate);
            metadata[OptimizerState.GroupKey(g, "weight_decay")] = Format(_groups[g].WeightDecay);
            metadata[OptimizerState.GroupKey(g, "params")] = _groups[g].Parameters.Count.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (name, value) in Hyperparameters) metadata[name] = Format(value);
        return new OptimizerState(tensors, metadata);
    }

    /// <summary>
    /// Restores a state from <see cref="StateDict"/> (torch: load_state_dict) into an optimizer built the same
    /// way over the same parameters: buffers (copied), step count, and each group's learning rate and
    /// weight decay. Anything that does not fit — another optimizer type, other hyperparameters or groups,
    /// an unknown or missing buffer, a wrong shape — is refused with a message naming it.
    /// </summary>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string me = GetType().Name;
        string Meta(string key) => state.Metadata.TryGetValue(key, out string? v) ? v
            : throw new ArgumentException($"{me}.LoadStateDict: the state has no '{key}' entry; pass the value of an optimizer's StateDict().");

        if (Meta(OptimizerState.TypeKey) != me)
            throw new ArgumentException($"{me}.LoadStateDict: the state was written by {state.Type}; load it into a {state.Type}.");
        foreach (var (name, value) in Hyperparameters)
        {
            double saved = ParseDouble(Meta(name), name, me);
            if (saved != value && !(double.IsNaN(saved) && double.IsNaN(value)))
                throw new ArgumentException(
                    $"{me}.LoadStateDict: the state was written with {name} = {Format(saved)} but this optimizer has {Format(value)}; build it with the same settings.");
        }
        int savedGroups = state.Metadata.Keys.Count(k => k.StartsWith("param_groups.", StringComparison.Ordinal) && k.EndsWith(".params", StringComparison.Ordinal));
        if (savedGroups != _groups.Length)
            throw new ArgumentException($"{me}.LoadStateDict: the state has {savedGroups} parameter groups but this optimizer has {_groups.Length}.");
        for (int g = 0; g < _groups.Length; g++)
        {
            int count = int.Parse(Meta(OptimizerState.GroupKey(g, "params")), CultureInfo.InvariantCulture);
            if (count != _groups[g].Parameters.Count)
                throw new ArgumentException(
                    $"{me}.LoadStateDict: parameter group {g} has {count} parameters in the state but {_groups[g].Parameters.Count} here; build the optimizer over the same model.");
        }
        long stepCount = long.Parse(Meta(OptimizerState.StepCountKey), CultureInfo.InvariantCulture);

        // Check every buffer before changing anything, so a refused state leaves this optimizer as it was.
        var loaded = new Dictionary<string, Tensor>?[_parameters.Length];
        foreach (var (key, value) in state.Tensors)
        {
            int dot = key.IndexOf('.');
            if (dot <= 0 || !int.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= _parameters.Length)
                throw new ArgumentException(
                    $"{me}.LoadStateDict: '{key}' does not name a buffer of one of this optimizer's {_parameters.Length} parameters (expected \"{{index}}.{{buffer}}\").");
            string name = key[(dot + 1)..];
            if (!BufferNames.Contains(name))
                throw new ArgumentException(
                    $"{me}.LoadStateDict: '{key}' is not a buffer of this {me} (its buffers: {string.Join(", ", BufferNames)}).");
            int[] expected = IsScalarBuffer(name) ? [] : _parameters[index].ShapeArray;
            if (!Shapes.Equal(value.ShapeArray, expected))
                throw new ArgumentException(
                    $"{me}.LoadStateDict: '{key}' has shape {Shapes.Format(value.ShapeArray)} but parameter {index} needs {Shapes.Format(expected)}.");
            if (IsScalarBuffer(name) && !(value.Data[0] >= 0 && float.IsInteger(value.Data[0])))
                throw new ArgumentException($"{me}.LoadStateDict: '{key}' is {value.Data[0]}, not a step count.");
            (loaded[index] ??= [])[name] = value.Copy();
        }
        for (int i = 0; i < loaded.Length; i++)
            if (loaded[i] is { } buffers && buffers.Count != BufferNames.Count)
                throw new ArgumentException(
                    $"{me}.LoadStateDict: parameter {i} has [{string.Join(", ", buffers.Keys)}] but needs all of [{string.Join(", ", BufferNames)}].");

        var rates = new (double Lr, double InitialLr, double Wd)[_groups.Length];
        for (int g = 0; g < _groups.Length; g++)
            rates[g] = (ParseDouble(Meta(OptimizerState.GroupKey(g, "lr")), "lr", me),
                        ParseDouble(Meta(OptimizerState.GroupKey(g, "initial_lr")), "initial_lr", me),
                        ParseDouble(Meta(OptimizerState.GroupKey(g, "weight_decay")), "weight_decay", me));
        for (int g = 0; g < _groups.Length; g++)
        {
            _groups[g].LearningRate = rates[g].Lr;
            _groups[g].InitialLearningRate = rates[g].InitialLr;
            _groups[g].WeightDecay = rates[g].Wd;
        }
        Array.Copy(loaded, _state, loaded.Length);
        StepCount = stepCount;
    }

    internal static double CheckNonNegative(double value, string what)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(what, value, $"The {what} must be a finite number ≥ 0, got {value}.");
        return value;
    }

    /// <summary>Round-trip text of a double.</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseDouble(string text, string what, string me)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new ArgumentException($"{me}.LoadStateDict: '{what}' is '{text}', not a number.");
}
