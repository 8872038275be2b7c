using System.Numerics.Tensors;
using RnnCourse.Tensors;
using Tensor = RnnCourse.Tensors.Tensor;

namespace RnnCourse.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
/// with PyTorch's update rules (torch.optim.SGD), per parameter p with gradient g:
/// <code>
/// d = g + λ·p                      (weight decay λ, when λ ≠ 0)
/// b = d                            (first step: the momentum buffer is the gradient itself)
/// b = μ·b + (1 − τ)·d              (later steps; momentum μ, dampening τ)
/// d = d + μ·b  if Nesterov, else d = b      (when μ ≠ 0)
/// p = p − η·d                      (learning rate η)
/// </code>
/// Chapter 5.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly string[] _bufferNames;

    public double Momentum { get; }
    public double Dampening { get; }
    public bool Nesterov { get; }

    /// <param name="parameters">the tensors to update, e.g. model.Parameters().</param>
    /// <param name="learningRate">η, PyTorch's default 1e-3.</param>
    /// <param name="momentum">μ; 0 (the default) keeps no buffer.</param>
    /// <param name="dampening">τ, scales the gradient's share of the momentum buffer by 1 − τ.</param>
    /// <param name="weightDecay">λ, added to the gradient as λ·p (L2 regularisation).</param>
    /// <param name="nesterov">look ahead along the momentum: needs μ &gt; 0 and τ = 0, as in PyTorch.</param>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : this(OneGroup(parameters), learningRate, momentum, dampening, weightDecay, nesterov) { }

    /// <summary>SGD over parameter groups; a group's null settings take these defaults.</summary>
    public Sgd(IEnumerable<ParamGroup> groups, double learningRate = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : base(groups, learningRate, weightDecay)
    {
        Momentum = CheckNonNegative(momentum, "momentum");
        Dampening = dampening;
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum needs momentum > 0 and dampening = 0 (got momentum {momentum}, dampening {dampening}).");
        Nesterov = nesterov;
        _bufferNames = momentum != 0 ? ["momentum_buffer"] : [];
    }

    protected override IReadOnlyList<string> BufferNames => _bufferNames;

    protected override IEnumerable<(string Name, double Value)> Hyperparameters =>
        [("momentum", Momentum), ("dampening", Dampening), ("nesterov", Nesterov ? 1 : 0)];

    protected override void Update(int index, float[] parameter, float[] grad, ParamGroup group)
    {
        double lr = group.LearningRate, weightDecay = group.WeightDecay;
        float[]? buffer = null;
        bool firstStep = false;
        if (Momentum != 0)
        {
            Dictionary<string, Tensor>? state = StateOf(index);
            firstStep = state is null;
            buffer = (state ?? CreateState(index))["momentum_buffer"].Data;
        }
        float mu = (float)Momentum, gradShare = (float)(1 - Dampening), wd = (float)weightDecay, step = (float)-lr;

        ForEachChunk(parameter.Length, (start, n, scratchA, scratchB) =>
        {
            Span<float> p = parameter.AsSpan(start, n);
            ReadOnlySpan<float> d = grad.AsSpan(start, n);
            if (weightDecay != 0)
            {
                Span<float> decayed = scratchA;
                TensorPrimitives.MultiplyAdd(p, wd, d, decayed); // d = g + λ·p
                d = decayed;
            }
            if (buffer is not null)
            {
                Span<float> b = buffer.AsSpan(start, n);
                if (firstStep) d.CopyTo(b); // b = d
                else
                {
                    TensorPrimitives.Multiply(b, mu, b);                 // b = μ·b
                    if (gradShare == 1f) TensorPrimitives.Add(b, d, b);  //   + d
                    else TensorPrimitives.MultiplyAdd(d, gradShare, b, b); //   + (1 − τ)·d
                }
                if (Nesterov)
                {
                    Span<float> ahead = scratchB;
                    TensorPrimitives.MultiplyAdd(b, mu, d, ahead); // d = d + μ·b
                    d = ahead;
                }
                else d = b;
            }
            TensorPrimitives.MultiplyAdd(d, step, p, p); // p = p − η·d
        });
    }
}
