using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// The gradient of a loss with respect to every state of a recurrent layer: ∂L/∂h_t for t = 0..T−1 (and ∂L/∂c_t
/// for an LSTM), each the total derivative through all the steps after t, plus ∂L/∂h_init for the initial state.
/// Its norm against the distance T − t is the picture of vanishing gradients: ‖∂L/∂h_t‖ shrinks geometrically
/// with the distance in an Elman network, while an LSTM's cell state carries it along the additive path
/// c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t. The fused kernels keep these gradients inside their backward pass, so this
/// runs the layer's own cell equations (<see cref="CellEquations"/>, the same weights) step by step and takes the
/// gradient of the loss with respect to every state with <see cref="Autograd.Grad"/> (torch.autograd.grad on the
/// unrolled graph). Chapter 4 (vanishing gradients), chapter 6 (the cell state's additive path).
/// </summary>
/// <remarks>
/// No tensor's Grad changes, the parameters' included, so it can be called in the middle of training. Dropout between
/// layers is drawn from the layer's generator in training mode, so compare with the fused layer in eval mode or
/// without dropout.
/// </remarks>
public sealed class StateGradients
{
    private readonly Tensor[] _hidden;
    private readonly Tensor[]? _cell;

    private StateGradients(float loss, Tensor output, Tensor[] hidden, Tensor[]? cell, Tensor initialHidden, Tensor? initialCell)
    {
        Loss = loss;
        Output = output;
        _hidden = hidden;
        _cell = cell;
        InitialHidden = initialHidden;
        InitialCell = initialCell;
    }

    /// <summary>The loss's value.</summary>
    public float Loss { get; }

    /// <summary>The last layer's outputs h_0..h_{T−1}, (B, T, H), outside the graph.</summary>
    public Tensor Output { get; }

    /// <summary>Stacked layers.</summary>
    public int NumLayers => _hidden.Length;

    /// <summary>True for an LSTM, whose cell states have gradients too.</summary>
    public bool HasCell => _cell is not null;

    /// <summary>∂L/∂h_t of layer <paramref name="layer"/> (−1: the last), (B, T, H): row t is the gradient of the state after step t.</summary>
    public Tensor Hidden(int layer = -1) => _hidden[Index(layer)];

    /// <summary>
    /// ∂L/∂c_t of an LSTM's layer <paramref name="layer"/> (−1: the last), (B, T, H): the total derivative, through the
    /// next step's cell and through this step's output h_t = o_t ⊙ tanh(c_t).
    /// </summary>
    public Tensor Cell(int layer = -1)
        => _cell is null ? throw new InvalidOperationException("Only an LSTM has a cell state; this layer's only state is h.") : _cell[Index(layer)];

    /// <summary>∂L/∂h_init, the gradient of the initial state, (layers, B, H).</summary>
    public Tensor InitialHidden { get; }

    /// <summary>∂L/∂c_init for an LSTM, (layers, B, H); null otherwise.</summary>
    public Tensor? InitialCell { get; }

    /// <summary>‖∂L/∂h_t‖ for t = 0..T−1: the Frobenius norm of each step's (B, H) block.</summary>
    public double[] HiddenNorms(int layer = -1) => StepNorms(Hidden(layer));

    /// <summary>‖∂L/∂c_t‖ for t = 0..T−1 (LSTM only).</summary>
    public double[] CellNorms(int layer = -1) => StepNorms(Cell(layer));

    /// <summary>The Frobenius norm of each step's (B, H) block of a (B, T, H) tensor.</summary>
    public static double[] StepNorms(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Rank != 3)
            throw new ArgumentException($"StepNorms needs a (batch, steps, hidden) tensor, got shape {Shapes.Format(gradient.Shape.ToArray())}.", nameof(gradient));
        int b = gradient.Size(0), steps = gradient.Size(1), h = gradient.Size(2);
        var norms = new double[steps];
        float[] g = gradient.Data;
        for (int i = 0; i < b; i++)
            for (int t = 0; t < steps; t++)
                for (int j = 0, at = (i * steps + t) * h; j < h; j++) norms[t] += (double)g[at + j] * g[at + j];
        for (int t = 0; t < steps; t++) norms[t] = Math.Sqrt(norms[t]);
        return norms;
    }

    /// <summary>
    /// Runs <paramref name="layer"/> on x (B, T, in) from the initial state (h0, and c0 for an LSTM; each (layers, B, H) or
    /// null for zeros), evaluates <paramref name="loss"/> on the last layer's outputs (B, T, H), and returns the gradient
    /// of the loss with respect to every state.
    /// </summary>
    public static StateGradients Compute(RecurrentLayer layer, Tensor x, Func<Tensor, Tensor> loss, Tensor? h0 = null, Tensor? c0 = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(loss);
        if (!Autograd.IsEnabled)
            throw new InvalidOperationException("StateGradients.Compute needs autograd, but it was called inside NoGrad(); call it outside that scope.");
        if (x.Rank != 3 || x.Size(2) != layer.InputSize || x.Size(1) == 0)
            throw new ArgumentException(
                $"StateGradients: input of shape {Shapes.Format(x.Shape.ToArray())} should be (batch, seq ≥ 1, {layer.InputSize}) — batch-first.", nameof(x));
        if (layer is not (Elman or Lstm or Gru))
            throw new ArgumentException($"StateGradients knows Elman, Lstm and Gru, not {layer.GetType().Name}.", nameof(layer));
        if (layer is not Lstm && c0 is not null)
            throw new ArgumentException($"{layer.GetType().Name} has no cell state; pass c0 only for an Lstm.", nameof(c0));

        int batch = x.Size(0), steps = x.Size(1), layers = layer.NumLayers, hidden = layer.HiddenSize;
        Tensor initialH = Initial(h0, layers, batch, hidden, "h0", layer).RequiresGrad_();
        Tensor? initialC = layer is Lstm ? Initial(c0, layers, batch, hidden, "c0", layer).RequiresGrad_() : null;

        var hs = new Tensor[layers][];
        var cs = layer is Lstm ? new Tensor[layers][] : null;
        Tensor input = x, output = x;
        for (int k = 0; k < layers; k++)
        {
            hs[k] = new Tensor[steps];
            if (cs is not null) cs[k] = new Tensor[steps];
            Tensor h = initialH.Select(0, k); // (B, H)
            Tensor? c = initialC?.Select(0, k);
            for (int t = 0; t < steps; t++)
            {
                Tensor xt = input.Select(1, t); // (B, in)
                switch (layer)
                {
                    case Elman e:
                        h = CellEquations.Elman(xt, h, e.WeightIh(k), e.WeightHh(k), e.BiasIh(k), e.BiasHh(k), e.Nonlinearity);
                        break;
                    case Lstm l:
                        (h, c) = CellEquations.Lstm(xt, h, c!, l.WeightIh(k), l.WeightHh(k), l.BiasIh(k), l.BiasHh(k));
                        cs![k][t] = c;
                        break;
                    default:
                        h = CellEquations.Gru(xt, h, layer.WeightIh(k), layer.WeightHh(k), layer.BiasIh(k), layer.BiasHh(k));
                        break;
                }
                hs[k][t] = h; // (B, H)
            }
            output = Tensor.Stack(hs[k], 1); // (B, T, H)
            input = k < layers - 1 ? Functional.Dropout(output, layer.DropoutProbability, layer.Training, layer.Generator) : output;
        }

        Tensor value = loss(output);
        if (value.Numel != 1)
            throw new ArgumentException($"StateGradients: the loss must be a scalar, but it has shape {Shapes.Format(value.Shape.ToArray())}; reduce it (Sum, Mean).", nameof(loss));
        if (!value.RequiresGrad)
            throw new ArgumentException("StateGradients: the loss does not depend on the layer's outputs; compute it from them.", nameof(loss));

        // One backward pass for every state: [h_init, c_init?, h of every layer and step, c of every layer and step].
        var inputs = new List<Tensor> { initialH };
        if (initialC is not null) inputs.Add(initialC);
        inputs.AddRange(hs.SelectMany(layerStates => layerStates));
        if (cs is not null) inputs.AddRange(cs.SelectMany(layerStates => layerStates));
        Tensor[] gradients = Autograd.Grad(value, inputs);

        int next = initialC is null ? 1 : 2;
        Tensor[] Gathered() => Enumerable.Range(0, layers).Select(_ =>
        {
            Tensor stacked = Tensor.Stack(gradients.Skip(next).Take(steps).ToArray(), 1); // (B, T, H)
            next += steps;
            return stacked;
        }).ToArray();
        Tensor[] hiddenGradients = Gathered();
        Tensor[]? cellGradients = cs is null ? null : Gathered();
        return new StateGradients(value.Item(), output.Detach(), hiddenGradients, cellGradients,
                                  gradients[0], initialC is null ? null : gradients[1]);
    }

    private static Tensor Initial(Tensor? state, int layers, int batch, int hidden, string name, RecurrentLayer layer)
    {
        if (state is null) return Torch.Zeros(layers, batch, hidden);
        if (state.Rank != 3 || state.Size(0) != layers || state.Size(1) != batch || state.Size(2) != hidden)
            throw new ArgumentException(
                $"StateGradients: {name} of shape {Shapes.Format(state.Shape.ToArray())} should be ({layers}, {batch}, {hidden}) = (layers, batch, hidden) for this {layer.GetType().Name}.", name);
        return state.Detach().Copy();
    }

    private int Index(int layer)
    {
        int index = layer < 0 ? _hidden.Length + layer : layer;
        if ((uint)index >= (uint)_hidden.Length)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The layer has {_hidden.Length} layer(s): 0..{_hidden.Length - 1} (or −1 for the last).");
        return index;
    }
}
