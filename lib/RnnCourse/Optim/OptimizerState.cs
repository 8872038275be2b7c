using System.Globalization;
using RnnCourse.Tensors;

namespace RnnCourse.Optim;

/// <summary>
/// An optimizer's state (torch: optimizer.state_dict()) in a form a safetensors checkpoint holds directly:
/// <see cref="Tensors"/> are the per-parameter buffers named "{index}.{buffer}" as in PyTorch's state
/// (e.g. "0.exp_avg", "0.exp_avg_sq", "0.step", "3.momentum_buffer"; the index counts parameters over all
/// groups in order), and <see cref="Metadata"/> holds the rest as text: the optimizer type, the step count
/// and each group's learning rate and weight decay. Values are copies, not views of the live buffers.
/// </summary>
public sealed record OptimizerState(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    public const string TypeKey = "type";
    public const string StepCountKey = "step_count";

    /// <summary>How many times <see cref="Optimizer.Step"/> had run.</summary>
    public long StepCount => long.Parse(Metadata[StepCountKey], CultureInfo.InvariantCulture);

    /// <summary>The optimizer's class name, e.g. "AdamW".</summary>
    public string Type => Metadata[TypeKey];

    /// <summary>The metadata key of group <paramref name="group"/>'s setting, e.g. "param_groups.0.lr".</summary>
    public static string GroupKey(int group, string setting) => $"param_groups.{group}.{setting}";

    /// <summary>A copy whose tensor and metadata names start with <paramref name="prefix"/> (e.g. "optimizer."), to share one file with a model.</summary>
    public OptimizerState WithPrefix(string prefix) => new(
        Tensors.ToDictionary(kv => prefix + kv.Key, kv => kv.Value),
        Metadata.ToDictionary(kv => prefix + kv.Key, kv => kv.Value));

    /// <summary>The entries whose names start with <paramref name="prefix"/>, with the prefix removed; the inverse of <see cref="WithPrefix"/>.</summary>
    public static OptimizerState FromPrefixed(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata, string prefix) => new(
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value),
        metadata.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value));
}
