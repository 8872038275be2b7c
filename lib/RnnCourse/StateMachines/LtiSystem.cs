using System.Globalization;
using System.Text;

namespace RnnCourse.StateMachines;

/// <summary>
/// A linear time-invariant (LTI) system as a difference equation (chapter 1):
/// y_t = Σ_{i=1..p} a_i y_{t−i} + Σ_{j=0..q} b_j x_{t−j}, with every y and x before t = 1 equal to zero.
/// Moving averages, exponential smoothing and compound interest are all LTI systems; so is an RNN whose
/// activations f_s and f_o are the identity. <see cref="ToStateSpace"/> gives the same system as a state machine
/// with a linear transition and output.
/// </summary>
/// <example>
/// <code>
/// var average = new LtiSystem(a: [], b: [0.5, 0.3, 0.2]);     // y_t = 0.5 x_t + 0.3 x_{t−1} + 0.2 x_{t−2}
/// var smooth = new LtiSystem(a: [0.9], b: [0.1]);             // y_t = 0.9 y_{t−1} + 0.1 x_t
/// smooth.Run([1, 1, 1])                                        // [0.1, 0.19, 0.271]
/// </code>
/// </example>
public sealed class LtiSystem
{
    private readonly double[] _a;
    private readonly double[] _b;

    /// <param name="a">The feedback coefficients a₁, …, a_p (weights of the past outputs y_{t−1}, …, y_{t−p}); may be empty.</param>
    /// <param name="b">The feedforward coefficients b₀, …, b_q (weights of the inputs x_t, …, x_{t−q}); at least one.</param>
    public LtiSystem(IEnumerable<double> a, IEnumerable<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        _a = a.ToArray();
        _b = b.ToArray();
        if (_b.Length == 0)
            throw new ArgumentException("An LTI system needs at least b₀ (the weight of x_t); pass b: [0] for a system that ignores its input.", nameof(b));
        if (_a.Concat(_b).Any(c => !double.IsFinite(c)))
            throw new ArgumentException($"The coefficients must be finite numbers; got a = [{Join(_a)}], b = [{Join(_b)}].");
    }

    /// <summary>a₁, …, a_p: the weights of the past outputs.</summary>
    public IReadOnlyList<double> A => _a;

    /// <summary>b₀, …, b_q: the weights of the current and past inputs.</summary>
    public IReadOnlyList<double> B => _b;

    /// <summary>Runs the difference equation over <paramref name="inputs"/> from rest (zero history): y₁, …, y_T.</summary>
    public double[] Run(IEnumerable<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var x = inputs.ToArray();
        var y = new double[x.Length];
        for (int t = 0; t < x.Length; t++)
        {
            double sum = 0;
            for (int i = 1; i <= _a.Length && t - i >= 0; i++) sum += _a[i - 1] * y[t - i];
            for (int j = 0; j < _b.Length && t - j >= 0; j++) sum += _b[j] * x[t - j];
            y[t] = sum;
        }
        return y;
    }

    /// <summary>The outputs for the unit impulse x = 1, 0, 0, …: the system's fingerprint (for a = [1, 1], b = [1], the Fibonacci numbers).</summary>
    public double[] ImpulseResponse(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var impulse = new double[length];
        if (length > 0) impulse[0] = 1;
        return Run(impulse);
    }

    /// <summary>
    /// The same system in state-space form s_t = A s_{t−1} + B x_t, y_t = C s_t, with the state
    /// s_t = [y_t, …, y_{t−P+1}, x_t, …, x_{t−q+1}] (P = max(p, 1) past outputs, q past inputs) and s₀ = 0.
    /// </summary>
    public StateSpaceSystem ToStateSpace()
    {
        int p = _a.Length, q = _b.Length - 1;
        int outputs = Math.Max(p, 1);
        int n = outputs + q;
        var a = new double[n, n];
        var b = new double[n];
        var c = new double[n];
        // Row 0 computes y_t from y_{t−1..t−p} (entries 0..p−1 of s_{t−1}) and x_{t−1..t−q} (entries P..P+q−1), plus b₀ x_t.
        for (int i = 1; i <= p; i++) a[0, i - 1] = _a[i - 1];
        for (int j = 1; j <= q; j++) a[0, outputs + j - 1] = _b[j];
        b[0] = _b[0];
        // The other rows shift the remembered outputs and inputs down by one.
        for (int r = 1; r < outputs; r++) a[r, r - 1] = 1;
        if (q > 0) b[outputs] = 1;
        for (int r = outputs + 1; r < n; r++) a[r, r - 1] = 1;
        c[0] = 1;
        return new StateSpaceSystem(a, b, c);
    }

    /// <summary>The system as a generic state machine (through <see cref="ToStateSpace"/>).</summary>
    public StateMachine<double[], double, double> AsStateMachine() => ToStateSpace().AsStateMachine();

    /// <summary>The difference equation, e.g. "y_t = 0.9 y_{t−1} + 0.1 x_t".</summary>
    public override string ToString()
    {
        var terms = new List<string>();
        for (int i = 1; i <= _a.Length; i++)
            if (_a[i - 1] != 0) terms.Add($"{Number(_a[i - 1])} y_{{t−{i}}}");
        for (int j = 0; j < _b.Length; j++)
            if (_b[j] != 0) terms.Add($"{Number(_b[j])} " + (j == 0 ? "x_t" : $"x_{{t−{j}}}"));
        var text = new StringBuilder("y_t = ");
        text.Append(terms.Count == 0 ? "0" : string.Join(" + ", terms).Replace("+ -", "− ", StringComparison.Ordinal));
        return text.ToString();
    }

    private static string Number(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Join(double[] values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>
/// A single-input, single-output linear system in state-space form (chapter 1):
/// s_t = A s_{t−1} + B x_t and y_t = C s_t, from the start state s₀. <see cref="LtiSystem.ToStateSpace"/>
/// builds one from a difference equation.
/// </summary>
public sealed class StateSpaceSystem
{
    private readonly double[,] _a;
    private readonly double[] _b;
    private readonly double[] _c;
    private readonly double[] _start;

    /// <param name="a">A, n×n: how the state carries over.</param>
    /// <param name="b">B, length n: how the input enters the state.</param>
    /// <param name="c">C, length n: how the output reads the state.</param>
    /// <param name="start">s₀, length n; zeros when null.</param>
    public StateSpaceSystem(double[,] a, double[] b, double[] c, double[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int n = a.GetLength(0);
        if (a.GetLength(1) != n)
            throw new ArgumentException($"A must be square, but it is {a.GetLength(0)}×{a.GetLength(1)}.", nameof(a));
        if (b.Length != n) throw new ArgumentException($"B has length {b.Length} but A is {n}×{n}; B needs one entry per state component.", nameof(b));
        if (c.Length != n) throw new ArgumentException($"C has length {c.Length} but A is {n}×{n}; C needs one entry per state component.", nameof(c));
        if (start is not null && start.Length != n)
            throw new ArgumentException($"s₀ has length {start.Length} but A is {n}×{n}.", nameof(start));
        _a = (double[,])a.Clone();
        _b = (double[])b.Clone();
        _c = (double[])c.Clone();
        _start = start is null ? new double[n] : (double[])start.Clone();
    }

    /// <summary>The state dimension n.</summary>
    public int StateSize => _b.Length;

    /// <summary>A copy of A.</summary>
    public double[,] A => (double[,])_a.Clone();

    /// <summary>A copy of B.</summary>
    public double[] B => (double[])_b.Clone();

    /// <summary>A copy of C.</summary>
    public double[] C => (double[])_c.Clone();

    /// <summary>A copy of s₀.</summary>
    public double[] Start => (double[])_start.Clone();

    /// <summary>s_t = A s_{t−1} + B x_t (a new array).</summary>
    public double[] Step(double[] state, double input)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != StateSize)
            throw new ArgumentException($"The state has length {state.Length}, but this system's state has {StateSize} components.", nameof(state));
        var next = new double[StateSize];
        for (int r = 0; r < StateSize; r++)
        {
            double sum = _b[r] * input;
            for (int k = 0; k < StateSize; k++) sum += _a[r, k] * state[k];
            next[r] = sum;
        }
        return next;
    }

    /// <summary>y_t = C s_t.</summary>
    public double Output(double[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        double sum = 0;
        for (int k = 0; k < StateSize; k++) sum += _c[k] * state[k];
        return sum;
    }

    /// <summary>y₁, …, y_T from s₀.</summary>
    public double[] Run(IEnumerable<double> inputs) => AsStateMachine().Run(inputs).Outputs.ToArray();

    /// <summary>The system as a generic state machine: f_s(s, x) = A s + B x, f_o(s) = C s.</summary>
    public StateMachine<double[], double, double> AsStateMachine() => new(Start, Step, Output);
}
