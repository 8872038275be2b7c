using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>One recorded op: its inputs and the function that maps the output's gradient to theirs.</summary>
internal sealed class GradFn(string name, Tensor[] inputs, Action<Tensor> backward, Action? release = null)
{
    public string Name { get; } = name;
    public Tensor[] Inputs { get; } = inputs;
    public Action<Tensor> Backward { get; private set; } = backward;
    public bool Released { get; private set; }

    /// <summary>
    /// Drops the closure (and the activations it saved) once the backward pass has used it; the op's
    /// release action hands its saved buffers back to the <see cref="BufferPool"/>.
    /// </summary>
    public void Release()
    {
        if (Released) return;
        Released = true;
        release?.Invoke();
        Backward = _ => throw new InvalidOperationException(
            $"{Name}: the graph was already used by Backward() and its saved values were freed. " +
            "Call Backward(retainGraph: true) the first time if you need to backpropagate through it twice.");
    }
}

/// <summary>Switches gradient recording (torch.no_grad, torch.is_grad_enabled).</summary>
public static partial class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>False inside a <see cref="NoGrad"/> scope: ops then record nothing.</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>A scope in which no op is recorded: <c>using (Autograd.NoGrad()) { ... }</c>.</summary>
    public static IDisposable NoGrad()
    {
        _noGradDepth++;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool _disposed;
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _noGradDepth--;
        }
    }
}

public partial class Tensor
{
    internal GradFn? GradFn { get; private set; }
    private bool _retainGrad;

    /// <summary>True for a gradient tensor made by the backward pass, whose array nothing else holds.</summary>
    private bool _ownedByAutograd;

    /// <summary>Whether an op with these inputs must be recorded.</summary>
    internal static bool Tracks(Tensor a) => Autograd.IsEnabled && a._requiresGrad;
    internal static bool Tracks(Tensor a, Tensor b) => Autograd.IsEnabled && (a._requiresGrad || b._requiresGrad);
    internal static bool Tracks(IEnumerable<Tensor> inputs) => Autograd.IsEnabled && inputs.Any(t => t._requiresGrad);

    /// <summary>
    /// Makes this (freshly computed) tensor the output of a recorded op. <paramref name="release"/>, if
    /// given, runs once the graph is freed after Backward: it returns buffers only the closure uses.
    /// </summary>
    internal Tensor Record(string name, Tensor[] inputs, Action<Tensor> backward, Action? release = null)
    {
        GradFn = new GradFn(name, inputs, backward, release);
        _requiresGrad = true;
        return this;
    }

    /// <summary>
    /// Makes this tensor a second output of the op recorded on <paramref name="first"/> (an LSTM's c_T beside
    /// its outputs). It depends on <paramref name="first"/>, so Backward reaches it first: its gradient goes
    /// to <paramref name="receive"/> (lent for the call: copy what the op's own backward will read), and <paramref name="first"/> is given
    /// a zero gradient if it has none, so that the op's backward runs even when only this output is used.
    /// </summary>
    internal Tensor RecordSecondOutput(string name, Tensor first, Action<float[]> receive)
        => Record(name, [first], g =>
        {
            receive(g._data);
            if (first.Grad is null) first.AccumulateGradOwned(BufferPool.RentCleared(first.Numel));
        });

    /// <summary>Keeps this non-leaf tensor's gradient after Backward (torch: retain_grad()).</summary>
    public Tensor RetainGrad()
    {
        _retainGrad = true;
        return this;
    }

    /// <summary>Adds <paramref name="gradient"/> (shaped like this tensor) into <see cref="Grad"/>.</summary>
    internal void AccumulateGrad(ReadOnlySpan<float> gradient)
    {
        if (!_requiresGrad) return;
        if (Grad is null)
        {
            float[] copy = BufferPool.Rent(gradient.Length);
            gradient.CopyTo(copy);
            Grad = new Tensor(copy, _shape) { _ownedByAutograd = true };
        }
        else TensorPrimitives.Add(Grad._data, gradient, Grad._data);
    }

    /// <summary>
    /// As <see cref="AccumulateGrad(ReadOnlySpan{float})"/>, but takes ownership of a freshly allocated array:
    /// the caller must not touch it afterwards (it may go back to the <see cref="BufferPool"/>).
    /// </summary>
    internal void AccumulateGradOwned(float[] gradient)
    {
        if (!_requiresGrad)
        {
            BufferPool.Return(gradient);
            return;
        }
        if (Grad is null) Grad = new Tensor(gradient, _shape) { _ownedByAutograd = true };
        else
        {
            TensorPrimitives.Add(Grad._data, gradient, Grad._data);
            BufferPool.Return(gradient);
        }
    }

    /// <summary>
    /// A view's backward: this node's gradient reaches <paramref name="input"/> unchanged. The array itself is
    /// handed on when only the backward pass can see it (owned by autograd, not retained), else copied.
    /// </summary>
    internal void PassGradTo(Tensor input)
    {
        Tensor g = Grad!;
        if (g._ownedByAutograd && !_retainGrad)
        {
            g._ownedByAutograd = false; // the input's now: Backward must not recycle it with this node's gradient
            input.AccumulateGradOwned(g._data);
        }
        else input.AccumulateGrad(g._data);
    }

    /// <summary>
    /// Backpropagates from this tensor: every tensor it depends on with RequiresGrad gets d(this)/d(tensor)
    /// added to its Grad. A non-scalar output needs a <paramref name="gradient"/> of its shape (the seed).
    /// The graph is ordered with an explicit stack, never by recursion.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!_requiresGrad)
            throw new InvalidOperationException(
                "Backward(): this tensor does not require grad; set RequiresGrad on the parameters before computing it.");
        if (gradient is null)
        {
            if (Numel != 1)
                throw new InvalidOperationException(
                    $"Backward() without a gradient needs a scalar, but the output has shape {Shapes.Format(_shape)}; " +
                    "reduce it (Sum, Mean) or pass a seed gradient of the same shape.");
            gradient = new Tensor([1f], _shape);
        }
        else if (!Shapes.Equal(gradient._shape, _shape))
            throw new ArgumentException(
                $"Backward(): the seed gradient has shape {Shapes.Format(gradient._shape)} but the output has shape {Shapes.Format(_shape)}.");

        List<Tensor> order = TopologicalOrder();
        AccumulateGrad(gradient._data);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Tensor node = order[i];
            GradFn? fn = node.GradFn;
            if (fn is null) continue;
            if (node.Grad is { } g) fn.Backward(g);
            if (!node._retainGrad && node.Grad is { } used)
            {
                // The op has consumed its output's gradient: recycle the array unless someone else may hold it.
                if (used._ownedByAutograd) BufferPool.Return(used._data);
                node.Grad = null;
            }
            if (!retainGraph) fn.Release();
        }
    }

    /// <summary>
    /// The number of ops recorded in the graph that ends at this tensor, each counted once: how many backward
    /// functions <see cref="Backward"/> will call. 0 for a leaf, and for a result computed under <see cref="Autograd.NoGrad"/>.
    /// </summary>
    public int RecordedOps => _requiresGrad ? TopologicalOrder().Count(t => t.GradFn is not null) : 0;

    /// <summary>Post-order of the graph below this tensor (inputs before the ops that use them), by an explicit stack.</summary>
    private List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { this };
        var stack = new Stack<(Tensor Node, int NextInput)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            Tensor[] inputs = node.GradFn?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((node, next + 1));
                Tensor input = inputs[next];
                if (input._requiresGrad && seen.Add(input)) stack.Push((input, 0));
            }
            else order.Add(node);
        }
        return order;
    }

    /// <summary>Sets Grad to null (torch: zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad() => Grad = null;
}
