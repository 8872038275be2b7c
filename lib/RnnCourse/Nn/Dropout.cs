using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// Randomly zeroes activations while training, a regulariser against co-adapted units (torch.nn.Dropout).
/// Inverted dropout: y = x ⊙ m / (1 − p) with mᵢ ~ Bernoulli(1 − p), so E[y] = x and the layer is the
/// identity after <see cref="Module.Eval"/>. The gradient flows through the same mask. Chapter 5.
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>The probability of zeroing each element.</summary>
    public float P { get; }

    /// <param name="p">the chance of zeroing each element, in [0, 1].</param>
    /// <param name="generator">the source of the masks; <see cref="Generator.Default"/> when null, so
    /// <c>Torch.ManualSeed</c> makes them reproducible.</param>
    public Dropout(float p = 0.5f, Generator? generator = null)
    {
        Functional.CheckDropoutProbability(p);
        P = p;
        _generator = generator;
    }

    /// <summary>x (any shape) → same shape; x itself in evaluation mode.</summary>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, _generator);

    protected override string ExtraRepr() => $"p={P.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
