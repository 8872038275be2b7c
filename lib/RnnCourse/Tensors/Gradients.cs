namespace RnnCourse.Tensors;

/// <summary>
/// Gradients of one output with respect to chosen tensors, without touching any <see cref="Tensor.Grad"/>
/// (torch.autograd.grad), and Jacobians built from them row by row (torch.autograd.functional.jacobian).
/// Chapter 4 uses them to read ∂L/∂h_t and ∂h_t/∂h_k off an unrolled network.
/// </summary>
public static partial class Autograd
{
    /// <summary>
    /// ∂(Σ <paramref name="gradOutput"/> ⊙ <paramref name="output"/>)/∂x for each x of <paramref name="inputs"/>, shaped
    /// like x (torch.autograd.grad). The inputs may be leaves or intermediate tensors (h_k inside an unrolled
    /// RNN); an input the output does not depend on gets zeros. Unlike <see cref="Tensor.Backward(Tensor?, bool)"/> it
    /// leaves every tensor's Grad as it was, parameters included, so it can be called in the middle of training.
    /// </summary>
    /// <param name="output">the tensor to differentiate; it must require grad.</param>
    /// <param name="inputs">the tensors to differentiate with respect to.</param>
    /// <param name="gradOutput">the seed, shaped like the output; null for a one-element output (seed 1).</param>
    /// <param name="retainGraph">keep the graph for another backward pass; false frees it, as Backward does.</param>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? gradOutput = null, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        Tensor seed = Tensor.SeedFor(output, gradOutput, "Autograd.Grad");
        return new Tensor.GradientPass(output, inputs).Run(seed, release: !retainGraph);
    }

    /// <summary>
    /// The Jacobian of a graph already built: J[i..., j...] = ∂output[i...]/∂input[j...] for each input, of shape
    /// output.Shape followed by input.Shape (numerator layout: one row per output element). One backward pass per
    /// output element; the graph is freed after the last one unless <paramref name="retainGraph"/>.
    /// </summary>
    public static Tensor[] Jacobian(Tensor output, IReadOnlyList<Tensor> inputs, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!output.RequiresGrad)
            throw new InvalidOperationException(
                "Autograd.Jacobian: the output does not require grad, so it was not computed from tensors that do; " +
                "set RequiresGrad on the inputs before computing it.");
        var pass = new Tensor.GradientPass(output, inputs);
        var rows = new float[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++) rows[i] = new float[output.Numel * inputs[i].Numel];
        for (int r = 0; r < output.Numel; r++)
        {
            var seed = Torch.Zeros([.. output.Shape]);
            seed.Data[r] = 1f;
            Tensor[] gradients = pass.Run(seed, release: !retainGraph && r == output.Numel - 1);
            for (int i = 0; i < inputs.Count; i++)
                gradients[i].Data.CopyTo(rows[i], r * inputs[i].Numel);
        }
        return inputs.Select((x, i) => new Tensor(rows[i], [.. output.Shape, .. x.Shape])).ToArray();
    }

    /// <summary>The Jacobian of one output with respect to one tensor of its graph: output.Shape followed by input.Shape.</summary>
    public static Tensor Jacobian(Tensor output, Tensor input, bool retainGraph = false) => Jacobian(output, [input], retainGraph)[0];

    /// <summary>
    /// The Jacobian of <paramref name="f"/> at <paramref name="x"/> (torch.autograd.functional.jacobian): f runs once
    /// on a fresh copy of x that requires grad, then one backward pass per output element. Shape: f(x).Shape followed
    /// by x.Shape. The gradients of any parameters f uses are left as they were.
    /// </summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        Tensor input = x.Copy().RequiresGrad_();
        Tensor output = f(input);
        if (!output.RequiresGrad) return Torch.Zeros([.. output.Shape, .. x.Shape]); // f(x) does not depend on x
        return Jacobian(output, [input])[0];
    }
}

public partial class Tensor
{
    /// <summary>The seed of a backward pass from <paramref name="output"/>: the given gradient, checked, or 1 for a scalar.</summary>
    internal static Tensor SeedFor(Tensor output, Tensor? gradient, string caller)
    {
        if (!output._requiresGrad)
            throw new InvalidOperationException(
                $"{caller}: the output does not require grad; set RequiresGrad on the tensors it is computed from before computing it.");
        if (gradient is null)
        {
            if (output.Numel != 1)
                throw new InvalidOperationException(
                    $"{caller} without a seed gradient needs a one-element output, but the output has shape {Shapes.Format(output._shape)}; " +
                    "reduce it (Sum, Mean) or pass a seed of the same shape.");
            return new Tensor([1f], output._shape);
        }
        if (!Shapes.Equal(gradient._shape, output._shape))
            throw new ArgumentException(
                $"{caller}: the seed gradient has shape {Shapes.Format(gradient._shape)} but the output has shape {Shapes.Format(output._shape)}.");
        return gradient;
    }

    /// <summary>
    /// Backward passes from one output that collect the gradients of chosen tensors only. The graph is ordered once;
    /// an op runs its backward only when one of its inputs leads to a chosen tensor. Every Grad of the graph is set
    /// aside before a pass and put back after it, so parameters and retained gradients see nothing.
    /// </summary>
    internal sealed class GradientPass
    {
        private readonly Tensor _output;
        private readonly IReadOnlyList<Tensor> _inputs;
        private readonly List<Tensor> _order;
        private readonly HashSet<Tensor> _wanted = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<Tensor> _leadsToWanted = new(ReferenceEqualityComparer.Instance);

        public GradientPass(Tensor output, IReadOnlyList<Tensor> inputs)
        {
            _output = output;
            _inputs = inputs;
            foreach (Tensor x in inputs) _wanted.Add(x ?? throw new ArgumentNullException(nameof(inputs), "An input tensor is null."));
            _order = output.TopologicalOrder();
            foreach (Tensor node in _order) // inputs before the ops that use them
                if (_wanted.Contains(node) || (node.GradFn?.Inputs.Any(_leadsToWanted.Contains) ?? false))
                    _leadsToWanted.Add(node);
        }

        /// <summary>The gradients of the inputs for this seed; <paramref name="release"/> frees the graph afterwards.</summary>
        public Tensor[] Run(Tensor seed, bool release)
        {
            var saved = new Tensor?[_order.Count];
            for (int i = 0; i < _order.Count; i++)
            {
                saved[i] = _order[i].Grad;
                _order[i].Grad = null;
            }
            var found = new Dictionary<Tensor, float[]>(ReferenceEqualityComparer.Instance);
            try
            {
                _output.AccumulateGrad(seed._data);
                for (int i = _order.Count - 1; i >= 0; i--)
                {
                    Tensor node = _order[i];
                    if (node.Grad is { } g)
                    {
                        if (_wanted.Contains(node)) found[node] = g.ToArray();
                        if (node.GradFn is { } fn && fn.Inputs.Any(_leadsToWanted.Contains)) fn.Backward(g);
                    }
                    if (node.Grad is { _ownedByAutograd: true } used) BufferPool.Return(used._data);
                    node.Grad = null;
                }
            }
            finally
            {
                for (int i = 0; i < _order.Count; i++) _order[i].Grad = saved[i];
            }
            if (release)
                foreach (Tensor node in _order) node.GradFn?.Release();
            return _inputs.Select(x => new Tensor(found.TryGetValue(x, out float[]? g) ? g : new float[x.Numel], x._shape)).ToArray();
        }
    }
}
