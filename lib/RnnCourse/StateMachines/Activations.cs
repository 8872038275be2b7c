using RnnCourse.Tensors;

namespace RnnCourse.StateMachines;

/// <summary>The activation functions f_s and f_o of an <see cref="RnnStateMachine"/> (chapter 1), as tensor functions.</summary>
public static class Activations
{
    /// <summary>f(z) = z: a linear RNN, which is an LTI system.</summary>
    public static readonly Func<Tensor, Tensor> Identity = z => z;

    /// <summary>f(z) = tanh z, the usual state activation.</summary>
    public static readonly Func<Tensor, Tensor> Tanh = z => z.Tanh();

    /// <summary>f(z) = max(z, 0).</summary>
    public static readonly Func<Tensor, Tensor> Relu = z => z.Relu();

    /// <summary>f(z) = 1/(1 + e^(−z)): outputs read as probabilities.</summary>
    public static readonly Func<Tensor, Tensor> Sigmoid = z => z.Sigmoid();

    /// <summary>Softmax over the n outputs (a column (n, 1)): a distribution over n classes.</summary>
    public static readonly Func<Tensor, Tensor> Softmax = z => z.Softmax(0);
}
