using System.Numerics.Tensors;
using RnnCourse.Tensors;
using Tensor = RnnCourse.Tensors.Tensor;

namespace RnnCourse.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015) with PyTorch's update rules and defaults (torch.optim.Adam, the default
/// non-AMSGrad path), per parameter p with gradient g at step t:
/// <code>
/// g = g + λ·p                                   (L2 weight decay λ, when λ ≠ 0; AdamW decouples it instead)
/// m = β₁·m + (1 − β₁)·g                         (first moment, "exp_avg")
/// v = β₂·v + (1 − β₂)·g²                        (second moment, "exp_avg_sq")
/// denom = √v / √(1 − β₂ᵗ) + ε
/// p = p − (η / (1 − β₁ᵗ)) · m / denom
/// </code>
/// The step t is counted per parameter (state "step"), as in PyTorch, so a parameter skipped for lack of a
/// gradient keeps its own bias correction. Chapter 5.
/// </summary>
public class Adam : Optimizer
{
    private static readonly string[] Buffers = ["step", "exp_avg", "exp_avg_sq"];

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    /// <summary>True for AdamW: the decay shrinks the weights directly instead of entering the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    /// <param name="parameters">the tensors to update, e.g. model.Parameters().</param>
    /// <param name="learningRate">η (default 1e-3).</param>
    /// <param name="beta1">β₁, the first moment's decay (default 0.9).</param>
    /// <param name="beta2">β₂, the second moment's decay (default 0.999).</param>
    /// <param name="eps">ε, added to the denominator for stability (default 1e-8).</param>
    /// <param name="weightDecay">λ, added to the gradient as λ·p (default 0).</param>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0)
        : this(OneGroup(parameters), learningRate, beta1, beta2, eps, weightDecay, decoupled: false) { }

    /// <summary>Adam over parameter groups; a group's null settings take these defaults.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0)
        : this(groups, learningRate, beta1, beta2, eps, weightDecay, decoupled: false) { }

    protected Adam(IEnumerable<ParamGroup> groups, double learningRate, double beta1, double beta2, double eps,
        double weightDecay, bool decoupled)
        : base(groups, learningRate, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam's betas must be in [0, 1), got ({beta1}, {beta2}).");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = CheckNonNegative(eps, "epsilon");
        DecoupledWeightDecay = decoupled;
    }

    protected override IReadOnlyList<string> BufferNames => Buffers;

    protected override bool IsScalarBuffer(string name) => name == "step";

    protected override IEnumerable<(string Name, double Value)> Hyperparameters =>
        [("beta1", Beta1), ("beta2", Beta2), ("eps", Eps)];

    protected override void Update(int index, float[] parameter, float[] grad, ParamGroup group)
    {
        Dictionary<string, Tensor> state = StateOf(index) ?? CreateState(index);
        float[] stepCount = state["step"].Data, expAvg = state["exp_avg"].Data, expAvgSq = state["exp_avg_sq"].Data;
        stepCount[0] += 1; // a float32 count, as PyTorch's state["step"]: exact up to 2^24 steps
        double t = stepCount[0], lr = group.LearningRate, weightDecay = group.WeightDecay;

        // Scalars in double as PyTorch computes them in Python, cast to float where its kernels do.
        double biasCorrection1 = 1 - Math.Pow(Beta1, t);
        double biasCorrection2 = 1 - Math.Pow(Beta2, t);
        float negStepSize = (float)-(lr / biasCorrection1);
        float biasCorrection2Sqrt = (float)Math.Sqrt(biasCorrection2);
        float decay = (float)(1 - lr * weightDecay), wd = (float)weightDecay;
        float beta1 = (float)Beta1, gradShare1 = (float)(1 - Beta1), beta2 = (float)Beta2, gradShare2 = (float)(1 - Beta2);
        float eps = (float)Eps;

        ForEachChunk(parameter.Length, (start, n, a, b) =>
        {
            Span<float> p = parameter.AsSpan(start, n), m = expAvg.AsSpan(start, n), v = expAvgSq.AsSpan(start, n);
            ReadOnlySpan<float> g = grad.AsSpan(start, n);
            if (weightDecay != 0)
            {
                if (DecoupledWeightDecay) TensorPrimitives.Multiply(p, decay, p); // p = p·(1 − ηλ)
                else
                {
                    TensorPrimitives.MultiplyAdd(p, wd, g, a); // g = g + λ·p
                    g = a;
                }
            }
            TensorPrimitives.Multiply(m, beta1, m);           // m = β₁·m
            TensorPrimitives.MultiplyAdd(g, gradShare1, m, m); //   + (1 − β₁)·g
            TensorPrimitives.Multiply(v, beta2, v);           // v = β₂·v
            TensorPrimitives.Multiply(g, gradShare2, b);      //   + ((1 − β₂)·g)·g
            TensorPrimitives.MultiplyAdd(b, g, v, v);
            Span<float> denom = b;                            // denom = √v / √(1 − β₂ᵗ) + ε
            TensorPrimitives.Sqrt(v, denom);
            TensorPrimitives.Divide(denom, biasCorrection2Sqrt, denom);
            TensorPrimitives.Add(denom, eps, denom);
            TensorPrimitives.Multiply(m, negStepSize, a);     // p = p + (−η/(1 − β₁ᵗ))·m / denom
            TensorPrimitives.Divide(a, denom, a);
            TensorPrimitives.Add(p, a, p);
        });
    }
}

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019; torch.optim.AdamW): Adam with decoupled weight decay — the weights
/// shrink directly, p = p·(1 − η·λ), before the Adam update, instead of λ·p entering the moments. The
/// default λ is 0.01, as in PyTorch. Chapter 5 trains the language model with it.
/// </summary>
public sealed class AdamW : Adam
{
    /// <param name="parameters">the tensors to update, e.g. model.Parameters().</param>
    /// <param name="learningRate">η (default 1e-3).</param>
    /// <param name="beta1">β₁ (default 0.9).</param>
    /// <param name="beta2">β₂ (default 0.999).</param>
    /// <param name="eps">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ (default 0.01).</param>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0.01)
        : base(OneGroup(parameters), learningRate, beta1, beta2, eps, weightDecay, decoupled: true) { }

    /// <summary>AdamW over parameter groups, e.g. biases with weightDecay: 0.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0.01)
        : base(groups, learningRate, beta1, beta2, eps, weightDecay, decoupled: true) { }
}
