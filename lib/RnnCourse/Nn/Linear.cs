using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// An affine map y = x·Wᵀ + b over the last dimension (torch.nn.Linear): weight (out, in), bias (out).
/// Init as PyTorch: W, b ~ U(−1/√in, 1/√in) (<see cref="Init.UniformInverseSqrt"/>).
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Parameter Weight { get; }
    public Parameter? Bias { get; }
    public int InFeatures { get; }
    public int OutFeatures { get; }

    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear({inFeatures}, {outFeatures}): sizes must be positive.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.UniformInverseSqrt(Torch.Zeros(outFeatures, inFeatures), inFeatures, generator));
        if (bias) Bias = RegisterParameter("bias", Init.UniformInverseSqrt(Torch.Zeros(outFeatures), inFeatures, generator));
    }

    /// <summary>
    /// A linear map whose weight (out, in) is <paramref name="weight"/> itself, shared with the module that owns it
    /// (weight tying: a language model's head reusing its embedding table); the bias is its own, U(−1/√in, 1/√in).
    /// </summary>
    public Linear(Parameter weight, bool bias = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear: a shared weight must be (out, in), got ({string.Join(", ", weight.Shape)}).", nameof(weight));
        OutFeatures = weight.Size(0);
        InFeatures = weight.Size(1);
        Weight = RegisterParameter("weight", weight);
        if (bias) Bias = RegisterParameter("bias", Init.UniformInverseSqrt(Torch.Zeros(OutFeatures), InFeatures, generator));
    }

    /// <summary>x (..., in) → (..., out).</summary>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Bias is not null}";
}
