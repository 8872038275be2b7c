using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>A tensor that is a learnable weight of a <see cref="Module"/> (torch.nn.Parameter): it requires grad by default.</summary>
public sealed class Parameter : Tensor
{
    /// <summary>Makes a parameter that shares <paramref name="value"/>'s data.</summary>
    public Parameter(Tensor value, bool requiresGrad = true) : base(value.Data, [.. value.Shape])
        => RequiresGrad = requiresGrad;
}
