using System.Numerics;
using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>
/// Prefix scans along a dimension: the cumulative sum, the cumulative log-sum-exp, and the two together as
/// Heinsen's log-space scan of the linear recurrence h_t = a_t ⊙ h_{t−1} + b_t (chapter 10).
/// </summary>
public partial class Tensor
{
    /// <summary>
    /// yᵢ = x₀ + … + xᵢ along <paramref name="dim"/> (torch.cumsum), summed in double and rounded once per
    /// output. ∂L/∂xᵢ = Σ_{j ≥ i} gⱼ: the same scan run backwards.
    /// </summary>
    public Tensor CumSum(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "CumSum");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        float[] y = new float[_data.Length];
        RunningSums(_data, y, outer, n, inner, backwards: false);
        var result = new Tensor(y, _shape);
        if (!Tracks(this)) return result;
        Tensor input = this;
        return result.Record("CumSumBackward", [input], g =>
        {
            float[] gx = new float[g._data.Length];
            RunningSums(g._data, gx, outer, n, inner, backwards: true);
            input.AccumulateGradOwned(gx);
        });
    }

    /// <summary>Columns per unit of work of <see cref="RunningSums"/>: fixed, so results never depend on the thread count.</summary>
    private const int SumBlock = 256;

    /// <summary>
    /// Running sums of x, viewed as (outer, n, inner), along its middle dimension (from the end when
    /// <paramref name="backwards"/>), in double. A unit of work is one outer index and a block of up to 256 adjacent
    /// columns, whose rows lie side by side in memory; the units run in parallel.
    /// </summary>
    private static void RunningSums(float[] x, float[] y, int outer, int n, int inner, bool backwards)
    {
        int width = Math.Min(inner, SumBlock), blocks = (inner + SumBlock - 1) / SumBlock;
        Parallelism.ForRanges(outer * blocks, 4L * n * width, (first, end) =>
        {
            var sum = new double[width];
            for (int unit = first; unit < end; unit++)
            {
                int o = unit / blocks, j0 = unit % blocks * SumBlock, count = Math.Min(SumBlock, inner - j0);
                Array.Clear(sum);
                for (int k = 0; k < n; k++)
                {
                    int at = (o * n + (backwards ? n - 1 - k : k)) * inner + j0;
                    for (int j = 0; j < count; j++)
                    {
                        sum[j] += x[at + j];
                        y[at + j] = (float)sum[j];
                    }
                }
            }
        });
    }

    /// <summary>
    /// yᵢ = log(e^x₀ + … + e^xᵢ) along <paramref name="dim"/> (torch.logcumsumexp), computed stably with a running
    /// maximum m and a running sum s = Σ e^(xⱼ − m) in double: y = m + log s. −∞ inputs add nothing.
    /// ∂L/∂xᵢ = Σ_{j ≥ i} gⱼ e^(xᵢ − yⱼ), evaluated backwards as qᵢ = gᵢ + e^(yᵢ − yᵢ₊₁) qᵢ₊₁, ∂L/∂xᵢ = e^(xᵢ − yᵢ) qᵢ,
    /// where every exponent is ≤ 0 because y never decreases.
    /// </summary>
    public Tensor LogCumSumExp(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "LogCumSumExp");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        float[] y = new float[_data.Length];
        float[] x = _data;
        ForEachLine(outer, n, inner, () => new double[n], (start, line) =>
        {
            LogCumSumExpLine(x, start, n, inner, line);
            for (int i = 0; i < n; i++) y[start + i * inner] = (float)line[i];
        });
        var result = new Tensor(y, _shape);
        if (!Tracks(this)) return result;
        Tensor input = this;
        return result.Record("LogCumSumExpBackward", [input], g =>
        {
            float[] gx = new float[g._data.Length];
            float[] gy = g._data;
            ForEachLine(outer, n, inner, () => new double[n], (start, line) =>
            {
                LogCumSumExpLine(x, start, n, inner, line); // y again, in double: the float output lost digits
                double q = 0;
                for (int i = n - 1; i >= 0; i--)
                {
                    double yi = line[i];
                    if (double.IsNegativeInfinity(yi)) { q = 0; gx[start + i * inner] = 0f; continue; } // nothing here yet
                    double decay = i + 1 < n ? Math.Exp(yi - line[i + 1]) : 0;
                    q = gy[start + i * inner] + decay * q;
                    gx[start + i * inner] = (float)(Math.Exp(x[start + i * inner] - yi) * q);
                }
            });
            input.AccumulateGradOwned(gx);
        });
    }

    /// <summary>The log-sum-exp prefix of one line of <paramref name="x"/> (n elements from start, inner apart) in double.</summary>
    private static void LogCumSumExpLine(float[] x, int start, int n, int inner, double[] y)
    {
        double m = double.NegativeInfinity, s = 0;
        for (int i = 0; i < n; i++)
        {
            double v = x[start + i * inner];
            if (v > m)
            {
                s = s * Math.Exp(m - v) + 1; // e^(−∞) = 0 for the first finite value
                m = v;
            }
            else if (!double.IsNegativeInfinity(v)) s += Math.Exp(v - m); // NaN falls through here and spreads
            y[i] = m + Math.Log(s);
        }
    }

    /// <summary>
    /// Runs <paramref name="line"/>(start, scratch) for each of the outer · inner lines along a dimension (line (o, j)
    /// starts at o·n·inner + j), in parallel ranges of lines; each range gets its own scratch from <paramref name="scratch"/>.
    /// </summary>
    private static void ForEachLine<TScratch>(int outer, int n, int inner, Func<TScratch> scratch, Action<int, TScratch> line)
        => Parallelism.ForRanges(outer * inner, 8L * n, (first, end) =>
        {
            TScratch own = scratch();
            for (int l = first; l < end; l++) line(l / inner * n * inner + l % inner, own);
        });
}

public static partial class Functional
{
    /// <summary>
    /// The linear recurrence h_t = a_t ⊙ h_{t−1} + b_t over t = 0 … T−1, written as a loop of tensor ops: the
    /// sequential reference of <see cref="ParallelScanLog"/>. a and b are (B, T, H), h0 is (B, H) (null: zeros);
    /// returns every h_t, (B, T, H). Autograd records 2T small ops; their backward is backpropagation through time.
    /// </summary>
    public static Tensor SequentialScan(Tensor a, Tensor b, Tensor? h0 = null)
    {
        var (batch, steps, hidden) = CheckScanShapes(a, b, h0, "SequentialScan");
        Tensor[] aSteps = a.Unbind(1), bSteps = b.Unbind(1); // T × (B, H)
        Tensor h = h0 ?? Torch.Zeros(batch, hidden);         // (B, H)
        var hs = new Tensor[steps];
        for (int t = 0; t < steps; t++)
            hs[t] = h = aSteps[t] * h + bSteps[t];           // (B, H)
        return Tensor.Stack(hs, 1);                          // (B, T, H)
    }

    /// <summary>Channels per unit of work of <see cref="ParallelScanLog"/>: fixed, so results never depend on the thread count.</summary>
    internal const int ScanBlock = 256;

    /// <summary>
    /// Heinsen's parallel scan in log space: every h_t of h_t = a_t ⊙ h_{t−1} + b_t (a, b &gt; 0) from the logs of
    /// its coefficients, log a and log b (B, T, H), and of its start log h0 (B, H; null: h0 = 0), as
    /// <code>
    /// a*_t   = Σ_{s ≤ t} log a_s                                   (a cumulative sum)
    /// log h_t = a*_t + log( h0 + Σ_{s ≤ t} e^(log b_s − a*_s) )     (a cumulative log-sum-exp)
    /// </code>
    /// Both are prefix scans of associative operations, so on parallel hardware they take O(log T) steps; here each
    /// channel is scanned in order and the threads share the (batch, channel) pairs. The sums are kept in double:
    /// a*_t grows like T, and in float32 its rounding error alone (|a*_t| · 6e-8) would reach 1e-4 of h by T = 4096.
    /// The running maximum m of the log-sum-exp keeps every exponential ≤ 1, so nothing overflows however long
    /// the sequence. The backward pass is the same recurrence run backwards in time, G_t = ∂L/∂h_t + a_{t+1} G_{t+1}
    /// (another scan), then ∂L/∂log b_t = b_t G_t, ∂L/∂log a_t = a_t h_{t−1} G_t and ∂L/∂log h0 = a_0 h0 G_0. Its
    /// inputs have both signs, so it runs on the values themselves, in double: with a ≤ 1, as every gate gives,
    /// G only ever adds gradients times decays, and nothing overflows.
    /// </summary>
    public static Tensor ParallelScanLog(Tensor logA, Tensor logB, Tensor? logH0 = null)
    {
        var (batch, steps, hidden) = CheckScanShapes(logA, logB, logH0, "ParallelScanLog");
        float[] la = logA.Data, lb = logB.Data, lh0 = logH0?.Data ?? [];
        float[] h = BufferPool.Rent(batch * steps * hidden); // every element written
        int blocks = (hidden + ScanBlock - 1) / ScanBlock;
        Parallelism.ForRanges(batch * blocks, 40L * steps * ScanBlock, (first, end) =>
        {
            var scratch = new ScanScratch();
            for (int unit = first; unit < end; unit++)
            {
                int bi = unit / blocks, j0 = unit % blocks * ScanBlock, n = Math.Min(ScanBlock, hidden - j0);
                ScanForward(la, lb, logH0 is null ? null : lh0, h, bi, j0, n, steps, hidden, scratch);
            }
        });
        var result = new Tensor(h, [batch, steps, hidden]);
        Tensor[] inputs = logH0 is null ? [logA, logB] : [logA, logB, logH0];
        if (!Tensor.Tracks(inputs)) return result;
        return result.Record("ParallelScanLogBackward", inputs, g =>
        {
            float[]? gA = logA.RequiresGrad ? BufferPool.Rent(la.Length) : null;
            float[]? gB = logB.RequiresGrad ? BufferPool.Rent(lb.Length) : null;
            float[]? gH0 = logH0 is { RequiresGrad: true } ? new float[lh0.Length] : null;
            Parallelism.ForRanges(batch * blocks, 60L * steps * ScanBlock, (first, end) =>
            {
                var scratch = new ScanScratch();
                for (int unit = first; unit < end; unit++)
                {
                    int bi = unit / blocks, j0 = unit % blocks * ScanBlock, n = Math.Min(ScanBlock, hidden - j0);
                    ScanBackward(la, lb, logH0 is null ? null : lh0, h, g.Data, gA, gB, gH0, bi, j0, n, steps, hidden, scratch);
                }
            });
            if (gA is not null) logA.AccumulateGradOwned(gA);
            if (gB is not null) logB.AccumulateGradOwned(gB);
            if (gH0 is not null) logH0!.AccumulateGradOwned(gH0);
        });
    }

    /// <summary>Checks a and b are the same (B, T, H) with T ≥ 1 and h0 is (B, H); returns (B, T, H).</summary>
    private static (int Batch, int Steps, int Hidden) CheckScanShapes(Tensor a, Tensor b, Tensor? h0, string op)
    {
        if (a.Rank != 3 || !a.Shape.SequenceEqual(b.Shape))
            throw new ArgumentException(
                $"{op}: the coefficients {Shapes.Format(a.ShapeArray)} and the inputs {Shapes.Format(b.ShapeArray)} must both be (batch, seq, hidden).");
        int batch = a.Size(0), steps = a.Size(1), hidden = a.Size(2);
        if (steps == 0) throw new ArgumentException($"{op}: the sequence is empty (seq = 0).");
        if (h0 is not null && (h0.Rank != 2 || h0.Size(0) != batch || h0.Size(1) != hidden))
            throw new ArgumentException($"{op}: the initial state {Shapes.Format(h0.ShapeArray)} should be ({batch}, {hidden}) = (batch, hidden).");
        return (batch, steps, hidden);
    }

    /// <summary>Per-thread double rows of one block of channels.</summary>
    private sealed class ScanScratch
    {
        public readonly double[] A = new double[ScanBlock], B = new double[ScanBlock], C = new double[ScanBlock],
            D = new double[ScanBlock], E = new double[ScanBlock], F = new double[ScanBlock], G = new double[ScanBlock];
    }

    /// <summary>Below every finite log the scans meet: the running maximum starts here instead of at −∞, so m − m never is ∞ − ∞.</summary>
    private const double LogFloor = -1e300;

    /// <summary>
    /// The forward scan of channels j0 … j0+n−1 of batch row bi, time step by time step:
    /// a* += log a_t; u = log b_t − a*; fold u into the running (m, s), s = Σ e^(u − m), with one exponential:
    /// d = u − m, a new maximum (d &gt; 0) rescales s to s·e^(−d) + 1 and moves m to u, an old one adds e^(d);
    /// h_t = e^(a* + m) · s. The selects are branch-free: the sign of d is as good as random.
    /// </summary>
    private static void ScanForward(float[] la, float[] lb, float[]? lh0, float[] h, int bi, int j0, int n, int steps, int hidden, ScanScratch w)
    {
        Span<double> aStar = w.A.AsSpan(0, n), m = w.B.AsSpan(0, n), s = w.C.AsSpan(0, n);
        Span<double> u = w.D.AsSpan(0, n), d = w.E.AsSpan(0, n), e = w.F.AsSpan(0, n), logA = w.G.AsSpan(0, n);
        aStar.Clear();
        for (int j = 0; j < n; j++)
        {
            double start = lh0 is null ? double.NegativeInfinity : lh0[bi * hidden + j0 + j];
            m[j] = Math.Max(start, LogFloor);   // log h0 is the sum's first term, at a* = 0
            s[j] = start > LogFloor ? 1 : 0;
        }
        int width = Vector.IsHardwareAccelerated ? n - n % Vector<double>.Count : 0;
        for (int t = 0; t < steps; t++)
        {
            int row = (bi * steps + t) * hidden + j0;
            Widen(la.AsSpan(row, n), logA);
            Widen(lb.AsSpan(row, n), u);
            for (int j = 0; j < width; j += Vector<double>.Count)
            {
                var star = new Vector<double>(aStar[j..]) + new Vector<double>(logA[j..]);   // a*_t
                var uj = new Vector<double>(u[j..]) - star;                                  // u_t = log b_t − a*_t
                var dj = uj - new Vector<double>(m[j..]);
                star.CopyTo(aStar[j..]);
                uj.CopyTo(u[j..]);
                dj.CopyTo(d[j..]);
                (-Vector.Abs(dj)).CopyTo(e[j..]);
            }
            for (int j = width; j < n; j++)
            {
                aStar[j] += logA[j];
                u[j] -= aStar[j];
                d[j] = u[j] - m[j];
                e[j] = -Math.Abs(d[j]);
            }
            TensorPrimitives.Exp(e, e);                                                      // e^(−|d|) ≤ 1
            for (int j = 0; j < width; j += Vector<double>.Count)
            {
                var ej = new Vector<double>(e[j..]);
                var sj = new Vector<double>(s[j..]);
                Vector<long> larger = Vector.GreaterThan(new Vector<double>(d[j..]), Vector<double>.Zero);
                Vector.ConditionalSelect(larger, sj * ej + Vector<double>.One, sj + ej).CopyTo(s[j..]);
                var mj = Vector.ConditionalSelect(larger, new Vector<double>(u[j..]), new Vector<double>(m[j..]));
                mj.CopyTo(m[j..]);
                (new Vector<double>(aStar[j..]) + mj).CopyTo(e[j..]);
            }
            for (int j = width; j < n; j++)
            {
                bool larger = d[j] > 0;
                s[j] = larger ? s[j] * e[j] + 1 : s[j] + e[j];
                m[j] = larger ? u[j] : m[j];
                e[j] = aStar[j] + m[j];
            }
            TensorPrimitives.Exp(e, e);
            TensorPrimitives.Multiply(e, s, e);                                              // h_t = e^(a*_t + m) · s
            Narrow(e, h.AsSpan(row, n));
        }
    }

    /// <summary>
    /// The backward scan of one block, t = T−1 … 0: G_t = ∂L/∂h_t + a_{t+1} G_{t+1}, in double, then
    /// ∂log b_t = b_t G_t and ∂log a_t = a_t h_{t−1} G_t. G is a sum of gradients times decays Π a ≤ 1, so it
    /// neither overflows nor needs logs (which the gradients' two signs would turn complex).
    /// </summary>
    private static void ScanBackward(float[] la, float[] lb, float[]? lh0, float[] h, float[] g, float[]? gA, float[]? gB, float[]? gH0,
                                     int bi, int j0, int n, int steps, int hidden, ScanScratch w)
    {
        Span<double> grad = w.A.AsSpan(0, n), aNext = w.B.AsSpan(0, n), a = w.C.AsSpan(0, n), b = w.D.AsSpan(0, n);
        Span<double> previous = w.E.AsSpan(0, n), gt = w.F.AsSpan(0, n);
        grad.Clear();
        aNext.Clear();                                                  // a_T = 0: nothing after the last step
        for (int t = steps - 1; t >= 0; t--)
        {
            int at = (bi * steps + t) * hidden + j0;
            Widen(g.AsSpan(at, n), gt);
            TensorPrimitives.Multiply(aNext, grad, grad);
            TensorPrimitives.Add(grad, gt, grad);                       // G_t = a_{t+1} G_{t+1} + g_t
            Widen(la.AsSpan(at, n), a);
            TensorPrimitives.Exp(a, a);                                 // a_t
            if (gB is not null)
            {
                Widen(lb.AsSpan(at, n), b);
                TensorPrimitives.Exp(b, b);
                TensorPrimitives.Multiply(b, grad, b);                  // b_t G_t
                Narrow(b, gB.AsSpan(at, n));
            }
            if (gA is not null || (t == 0 && gH0 is not null))
            {
                if (t > 0) Widen(h.AsSpan(at - hidden, n), previous);                               // h_{t−1}
                else if (lh0 is null) previous.Clear();                                              // h0 = 0
                else { Widen(lh0.AsSpan(bi * hidden + j0, n), previous); TensorPrimitives.Exp(previous, previous); }
                TensorPrimitives.Multiply(previous, a, previous);
                TensorPrimitives.Multiply(previous, grad, previous);                                 // a_t h_{t−1} G_t
                if (gA is not null) Narrow(previous, gA.AsSpan(at, n));
                if (t == 0 && gH0 is not null) Narrow(previous, gH0.AsSpan(bi * hidden + j0, n));  // ∂log h0 = a_0 h0 G_0 too
            }
            a.CopyTo(aNext);
        }
    }

    private static void Widen(ReadOnlySpan<float> source, Span<double> destination)
        => TensorPrimitives.ConvertChecked<float, double>(source[..destination.Length], destination);

    /// <summary>double → float, rounded to nearest (as a cast).</summary>
    private static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
        => TensorPrimitives.ConvertTruncating<double, float>(source[..destination.Length], destination);
}
