using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// One hidden unit of a recurrent language model, and how closely its activation follows a feature of the text.
/// </summary>
/// <param name="Layer">the recurrent layer, 0 at the bottom.</param>
/// <param name="Unit">the unit's index in the layer's state.</param>
/// <param name="State">"h" (the hidden state, the layer's output) or "c" (an LSTM's cell state).</param>
/// <param name="Correlation">Pearson's r between the unit's activation and the feature over the text read.</param>
public readonly record struct UnitCorrelation(int Layer, int Unit, string State, double Correlation)
{
    /// <summary>"c 1/337": state, layer and unit.</summary>
    public override string ToString() => $"{State} {Layer}/{Unit}";
}

/// <summary>
/// What a recurrent language model computes as it reads a text, one token at a time with its state carried:
/// after token t, every layer's hidden state h_t (and an LSTM's cell state c_t), and the distribution of the
/// next token p(x_{t+1} | x_{≤t}). The material of "what did the network learn?" (Karpathy 2015; Karpathy,
/// Johnson and Fei-Fei 2016): search the units for one that follows something readable, show it over the
/// text, and read the model's surprise character by character. Read in eval mode (no dropout), without
/// gradients. Chapter 8.
/// </summary>
public sealed class StateTrace
{
    private readonly float[][,] _hidden;
    private readonly float[][,]? _cell;
    private readonly float[,] _probabilities;

    private StateTrace(int[] ids, float[][,] hidden, float[][,]? cell, float[,] probabilities)
    {
        Ids = ids;
        _hidden = hidden;
        _cell = cell;
        _probabilities = probabilities;
    }

    /// <summary>
    /// Reads <paramref name="ids"/> (T tokens) with <paramref name="model"/>, starting from <paramref name="state"/>
    /// (null: zeros).
    /// </summary>
    public static StateTrace Read(LanguageModel model, IReadOnlyList<int> ids, RecurrentState? state = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) throw new ArgumentException("StateTrace.Read: there is no token to read; pass at least one.", nameof(ids));
        int vocabulary = model.VocabSize;
        foreach (int id in ids)
            if ((uint)id >= (uint)vocabulary)
                throw new ArgumentException($"StateTrace.Read: id {id} is not a token of the model's {vocabulary}-token vocabulary.", nameof(ids));
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var _ = Torch.NoGrad();
            int steps = ids.Count;
            float[][,]? hidden = null, cell = null;
            var probabilities = new float[steps, vocabulary];
            var token = new int[1];
            for (int t = 0; t < steps; t++)
            {
                token[0] = ids[t];
                (Tensor logits, state) = model.Step(token, state); // (1, V); h (L, 1, H), c (L, 1, H)
                int layers = state.H.Size(0), size = state.H.Size(2);
                hidden ??= NewStates(layers, steps, size);
                if (state.C is not null) cell ??= NewStates(layers, steps, size);
                Copy(state.H, hidden, t);
                if (state.C is { } c) Copy(c, cell!, t);
                Softmax(logits.Data.AsSpan(0, vocabulary), probabilities, t);
            }
            return new StateTrace(ids.ToArray(), hidden!, cell, probabilities);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    private static float[][,] NewStates(int layers, int steps, int size) =>
        Enumerable.Range(0, layers).Select(_ => new float[steps, size]).ToArray();

    private static void Copy(Tensor state, float[][,] into, int t)
    {
        int layers = state.Size(0), size = state.Size(2);
        ReadOnlySpan<float> data = state.Data; // (L, 1, H), row-major
        for (int l = 0; l < layers; l++)
            for (int j = 0; j < size; j++)
                into[l][t, j] = data[l * size + j];
    }

    private static void Softmax(ReadOnlySpan<float> logits, float[,] into, int t)
    {
        float max = float.NegativeInfinity;
        foreach (float z in logits) max = Math.Max(max, z);
        double sum = 0;
        for (int v = 0; v < logits.Length; v++) sum += Math.Exp(logits[v] - max);
        for (int v = 0; v < logits.Length; v++) into[t, v] = (float)(Math.Exp(logits[v] - max) / sum);
    }

    /// <summary>The tokens read.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>T, the tokens read.</summary>
    public int Length => Ids.Count;

    /// <summary>The recurrent layers.</summary>
    public int Layers => _hidden.Length;

    /// <summary>H, the units per layer.</summary>
    public int HiddenSize => _hidden[0].GetLength(1);

    /// <summary>True for an LSTM, which has a cell state c besides h.</summary>
    public bool HasCell => _cell is not null;

    /// <summary>h of layer <paramref name="layer"/> after each token: (T, H).</summary>
    public float[,] Hidden(int layer) => _hidden[CheckLayer(layer)];

    /// <summary>c of layer <paramref name="layer"/> after each token: (T, H); only an LSTM has one.</summary>
    public float[,] Cell(int layer) => _cell is { } c ? c[CheckLayer(layer)]
        : throw new InvalidOperationException("StateTrace: only an LSTM has a cell state c; read Hidden(layer) instead.");

    private int CheckLayer(int layer) => (uint)layer < (uint)Layers ? layer
        : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"StateTrace: the model has {Layers} layer{(Layers == 1 ? "" : "s")} (0 to {Layers - 1}).");

    /// <summary>The activation of one unit after each token (T values): "h" or "c" of a layer.</summary>
    public double[] Activations(int layer, int unit, string state = "h")
    {
        float[,] states = state switch
        {
            "h" => Hidden(layer),
            "c" => Cell(layer),
            _ => throw new ArgumentException($"StateTrace: the state is \"h\" or \"c\", not \"{state}\".", nameof(state)),
        };
        if ((uint)unit >= (uint)HiddenSize) throw new ArgumentOutOfRangeException(nameof(unit), unit, $"StateTrace: a layer has {HiddenSize} units.");
        var values = new double[Length];
        for (int t = 0; t < Length; t++) values[t] = states[t, unit];
        return values;
    }

    /// <summary>p(x_{t+1} = <paramref name="token"/> | x_{≤t}): the model's probability for the token after position <paramref name="t"/>.</summary>
    public double Probability(int t, int token) => _probabilities[t, token];

    /// <summary>The next-token distribution after position <paramref name="t"/> (V values).</summary>
    public double[] Distribution(int t) => Enumerable.Range(0, _probabilities.GetLength(1)).Select(v => (double)_probabilities[t, v]).ToArray();

    /// <summary>
    /// The probability the model gave each token of the text before it came: entry t is p(x_t | x_{&lt;t}) for
    /// t ≥ 1; entry 0 has no prediction (NaN) unless the trace continued a <paramref name="first"/> probability.
    /// </summary>
    public double[] ProbabilitiesOfText(double first = double.NaN)
    {
        var p = new double[Length];
        p[0] = first;
        for (int t = 1; t < Length; t++) p[t] = _probabilities[t - 1, Ids[t]];
        return p;
    }

    /// <summary>
    /// Pearson's r between every unit's activation and <paramref name="feature"/> (one value per token), over every
    /// layer's h and, for an LSTM, c; strongest first (by |r|). <paramref name="positions"/> restricts it to part of the
    /// text (say, the first half, to search there and test on the rest); null: all of it. A unit that never changes
    /// there gets r = 0.
    /// </summary>
    public UnitCorrelation[] Correlations(IReadOnlyList<double> feature, Range? positions = null)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.Count != Length)
            throw new ArgumentException($"StateTrace.Correlations: {feature.Count} feature values for {Length} tokens; pass one per token.", nameof(feature));
        var (from, count) = (positions ?? Range.All).GetOffsetAndLength(Length);
        if (count < 2) throw new ArgumentException($"StateTrace.Correlations: {count} positions are too few for a correlation; give at least 2.", nameof(positions));
        double[] part = feature.Skip(from).Take(count).ToArray();
        var results = new List<UnitCorrelation>();
        foreach (string state in HasCell ? new[] { "h", "c" } : ["h"])
            for (int layer = 0; layer < Layers; layer++)
                for (int unit = 0; unit < HiddenSize; unit++)
                    results.Add(new UnitCorrelation(layer, unit, state, Pearson(Activations(layer, unit, state).AsSpan(from, count).ToArray(), part)));
        return results.OrderByDescending(r => Math.Abs(r.Correlation)).ThenBy(r => r.State).ThenBy(r => r.Layer).ThenBy(r => r.Unit).ToArray();
    }

    /// <summary>
    /// Pearson's correlation r = Σ (aᵢ − ā)(bᵢ − b̄) / √(Σ (aᵢ − ā)² Σ (bᵢ − b̄)²), in [−1, 1]; 0 when either series is
    /// constant (it carries no information about the other).
    /// </summary>
    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count < 2)
            throw new ArgumentException($"Pearson: the series need the same length of at least 2, got {a.Count} and {b.Count}.");
        double meanA = a.Average(), meanB = b.Average();
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double da = a[i] - meanA, db = b[i] - meanB;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return aa == 0 || bb == 0 ? 0 : Math.Clamp(ab / Math.Sqrt(aa * bb), -1, 1);
    }
}
