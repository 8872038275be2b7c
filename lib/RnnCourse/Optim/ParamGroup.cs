using RnnCourse.Tensors;

namespace RnnCourse.Optim;

/// <summary>
/// A set of parameters that share a learning rate and weight decay (a torch param_group), e.g. weights
/// with decay and biases without. Settings left null take the optimizer's defaults.
/// </summary>
public sealed class ParamGroup
{
    private double? _learningRate, _weightDecay;

    public ParamGroup(IEnumerable<Tensor> parameters, double? learningRate = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        _learningRate = learningRate;
        _weightDecay = weightDecay;
    }

    /// <summary>The tensors this group updates.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The current learning rate (torch: group["lr"]); schedules write it before each step.</summary>
    public double LearningRate
    {
        get => _learningRate ?? throw new InvalidOperationException("This parameter group is not part of an optimizer yet.");
        set => _learningRate = Optimizer.CheckNonNegative(value, "learning rate");
    }

    /// <summary>The weight decay of this group (torch: group["weight_decay"]).</summary>
    public double WeightDecay
    {
        get => _weightDecay ?? throw new InvalidOperationException("This parameter group is not part of an optimizer yet.");
        set => _weightDecay = Optimizer.CheckNonNegative(value, "weight decay");
    }

    /// <summary>The learning rate when the group joined its optimizer (torch: group["initial_lr"]); schedules scale it.</summary>
    public double InitialLearningRate { get; internal set; }

    internal void ApplyDefaults(double learningRate, double weightDecay)
    {
        LearningRate = _learningRate ?? learningRate;
        WeightDecay = _weightDecay ?? weightDecay;
        InitialLearningRate = LearningRate;
    }
}
