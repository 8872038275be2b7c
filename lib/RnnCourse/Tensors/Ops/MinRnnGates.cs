using System.Numerics;
using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>
/// The log-space coefficients of minGRU and minLSTM from their pre-activations, each as one fused op: the
/// composition of Softplus, Neg, Add and LogG gives the same numbers in a dozen passes and allocations instead of
/// a few passes over one chunk at a time. Chunks have a fixed size, so the result never depends on the thread
/// count. Every softplus is written as max(x, 0) + log(1 + e^(−|x|)), whose exponential is ≤ 1. Chapter 10.
/// </summary>
public static partial class Functional
{
    /// <summary>
    /// minGRU: from the update gate's pre-activation k and the candidate's pre-activation c (both (B, T, H)),
    /// log a = log(1 − σ(k)) = −softplus(k) and log b = log σ(k) + log g(c) = k − softplus(k) + log g(c).
    /// ∂L/∂k = −σ(k)·g_a + (1 − σ(k))·g_b, ∂L/∂c = g_b · (log g)′(c).
    /// </summary>
    public static (Tensor LogA, Tensor LogB) MinGruLogCoefficients(Tensor k, Tensor candidate)
    {
        CheckSameShape(k, candidate, "MinGruLogCoefficients");
        int count = k.Numel;
        float[] logA = BufferPool.Rent(count), logB = BufferPool.Rent(count);
        float[] kd = k.Data, cd = candidate.Data;
        GateMath.ForChunks(count, 3, (start, length, s) =>
        {
            ReadOnlySpan<float> ks = kd.AsSpan(start, length), cs = cd.AsSpan(start, length);
            Span<float> qk = s[0], qc = s[1], up = s[2];
            GateMath.NegativeAbs(ks, qk);
            GateMath.NegativeAbs(cs, qc);
            GateMath.LogGAbove(cs, up);
            GateMath.LogOnePlusExp(qk);                                   // log(1 + e^(−|k|))
            GateMath.LogOnePlusExp(qc);
            TensorPrimitives.Log(up, up);                                 // log(max(c, 0) + ½)
            Span<float> la = logA.AsSpan(start, length), lb = logB.AsSpan(start, length);
            GateMath.NegativeSoftplus(ks, qk, la);                        // log(1 − z) = −softplus(k)
            GateMath.LogG(cs, up, qc);                                    // log g(c), into up
            TensorPrimitives.Add(ks, la, lb);
            TensorPrimitives.Add(lb, up, lb);                             // log z + log g(c) = k − softplus(k) + log g(c)
        });
        return TwoOutputs("MinGruLogCoefficientsBackward", logA, logB, k.ShapeArray, [k, candidate], (gA, gB) =>
        {
            float[]? dk = k.RequiresGrad ? BufferPool.Rent(count) : null;
            float[]? dc = candidate.RequiresGrad ? BufferPool.Rent(count) : null;
            GateMath.ForChunks(count, 2, (start, length, s) =>
            {
                ReadOnlySpan<float> ks = kd.AsSpan(start, length), cs = cd.AsSpan(start, length);
                ReadOnlySpan<float> ga = GateMath.Part(gA, start, length), gb = GateMath.Part(gB, start, length);
                if (dk is not null)
                {
                    Span<float> sigma = s[0];
                    TensorPrimitives.Add(ks, logA.AsSpan(start, length), sigma);
                    TensorPrimitives.Exp(sigma, sigma);                   // σ(k) = e^(k + log a)
                    GateMath.GateGradient(sigma, ga, gb, dk.AsSpan(start, length), s[1]);
                }
                if (dc is not null) GateMath.LogGGradient(cs, gb, dc.AsSpan(start, length), s[0], s[1]);
            });
            if (dk is not null) k.AccumulateGradOwned(dk);
            if (dc is not null) candidate.AccumulateGradOwned(dc);
        });
    }

    /// <summary>
    /// minLSTM: from the forget, input and candidate pre-activations (each (B, T, H)), the normalised gates
    /// f′ = f / (f + i), i′ = i / (f + i) in log space: with δ = log i − log f = softplus(−k_f) − softplus(−k_i),
    /// log a = log f′ = −softplus(δ) and log b = log i′ + log g(c) = δ − softplus(δ) + log g(c).
    /// ∂L/∂δ = −σ(δ)·g_a + (1 − σ(δ))·g_b, ∂L/∂k_f = −σ(−k_f)·∂L/∂δ, ∂L/∂k_i = σ(−k_i)·∂L/∂δ.
    /// </summary>
    public static (Tensor LogA, Tensor LogB) MinLstmLogCoefficients(Tensor forget, Tensor input, Tensor candidate)
    {
        CheckSameShape(forget, input, "MinLstmLogCoefficients");
        CheckSameShape(forget, candidate, "MinLstmLogCoefficients");
        int count = forget.Numel;
        float[] logA = BufferPool.Rent(count), logB = BufferPool.Rent(count), delta = BufferPool.Rent(count);
        float[] kf = forget.Data, ki = input.Data, cd = candidate.Data;
        GateMath.ForChunks(count, 4, (start, length, s) =>
        {
            ReadOnlySpan<float> fs = kf.AsSpan(start, length), js = ki.AsSpan(start, length), cs = cd.AsSpan(start, length);
            Span<float> qf = s[0], qi = s[1], qc = s[2], up = s[3], d = delta.AsSpan(start, length);
            GateMath.NegativeAbs(fs, qf);
            GateMath.NegativeAbs(js, qi);
            GateMath.NegativeAbs(cs, qc);
            GateMath.LogGAbove(cs, up);
            GateMath.LogOnePlusExp(qf);
            GateMath.LogOnePlusExp(qi);
            GateMath.LogOnePlusExp(qc);
            TensorPrimitives.Log(up, up);
            Span<float> la = logA.AsSpan(start, length), lb = logB.AsSpan(start, length);
            GateMath.LogSigmoid(fs, qf, lb);                              // log f
            GateMath.LogSigmoid(js, qi, d);                               // log i
            TensorPrimitives.Subtract(d, lb, d);                          // δ = log i − log f
            GateMath.NegativeAbs(d, qf);
            GateMath.LogOnePlusExp(qf);                                   // log(1 + e^(−|δ|))
            GateMath.NegativeSoftplus(d, qf, la);                         // log f′ = −softplus(δ)
            GateMath.LogG(cs, up, qc);                                    // log g(c), into up
            TensorPrimitives.Add(d, la, lb);
            TensorPrimitives.Add(lb, up, lb);                             // log i′ + log g(c) = δ − softplus(δ) + log g(c)
        });
        return TwoOutputs("MinLstmLogCoefficientsBackward", logA, logB, forget.ShapeArray, [forget, input, candidate], (gA, gB) =>
        {
            float[]? df = forget.RequiresGrad ? BufferPool.Rent(count) : null;
            float[]? di = input.RequiresGrad ? BufferPool.Rent(count) : null;
            float[]? dc = candidate.RequiresGrad ? BufferPool.Rent(count) : null;
            GateMath.ForChunks(count, 3, (start, length, s) =>
            {
                ReadOnlySpan<float> fs = kf.AsSpan(start, length), js = ki.AsSpan(start, length), cs = cd.AsSpan(start, length);
                ReadOnlySpan<float> ga = GateMath.Part(gA, start, length), gb = GateMath.Part(gB, start, length);
                if (df is not null || di is not null)
                {
                    Span<float> sigma = s[0], dDelta = s[1];
                    TensorPrimitives.Add(delta.AsSpan(start, length), logA.AsSpan(start, length), sigma);
                    TensorPrimitives.Exp(sigma, sigma);                   // σ(δ) = e^(δ + log a)
                    GateMath.GateGradient(sigma, ga, gb, dDelta, s[2]);
                    if (df is not null) GateMath.ThroughLogSigmoid(fs, dDelta, df.AsSpan(start, length), s[0], negate: true);
                    if (di is not null) GateMath.ThroughLogSigmoid(js, dDelta, di.AsSpan(start, length), s[0], negate: false);
                }
                if (dc is not null) GateMath.LogGGradient(cs, gb, dc.AsSpan(start, length), s[0], s[1]);
            });
            if (df is not null) forget.AccumulateGradOwned(df);
            if (di is not null) input.AccumulateGradOwned(di);
            if (dc is not null) candidate.AccumulateGradOwned(dc);
        }, release: () => BufferPool.Return(delta));
    }

    private static void CheckSameShape(Tensor a, Tensor b, string op)
    {
        if (!a.Shape.SequenceEqual(b.Shape))
            throw new ArgumentException($"{op}: the pre-activations have shapes {Shapes.Format(a.ShapeArray)} and {Shapes.Format(b.ShapeArray)}; they must be equal.");
    }

    /// <summary>
    /// Wraps two arrays computed by one op as (first, second): when gradients are tracked, the first records
    /// <paramref name="backward"/>(g_first, g_second) — either may be null when that output got no gradient — and the
    /// second hands its gradient to the first. <paramref name="release"/> runs once the graph is freed (at once when untracked).
    /// </summary>
    private static (Tensor, Tensor) TwoOutputs(string name, float[] first, float[] second, int[] shape, Tensor[] inputs,
                                               Action<float[]?, float[]?> backward, Action? release = null)
    {
        var a = new Tensor(first, shape);
        var b = new Tensor(second, shape);
        if (!Tensor.Tracks(inputs))
        {
            release?.Invoke();
            return (a, b);
        }
        float[]? secondGradient = null;
        a.Record(name, inputs, g => backward(g.Data, secondGradient), () => { BufferPool.Return(secondGradient); release?.Invoke(); });
        b.RecordSecondOutput(name, a, g =>
        {
            secondGradient ??= BufferPool.RentCleared(g.Length);
            TensorPrimitives.Add(secondGradient, g, secondGradient);
        });
        return (a, b);
    }
}

/// <summary>The element-wise pieces of the minimal RNN gates, on spans of one chunk.</summary>
internal static class GateMath
{
    /// <summary>Elements per chunk: a fixed cut, so that each element is computed the same way on any number of threads.</summary>
    public const int Chunk = 4096;

    /// <summary>
    /// Runs body(start, length, scratch) over [0, count) in chunks of <see cref="Chunk"/>, in parallel ranges of
    /// chunks; scratch holds <paramref name="buffers"/> spans of the chunk's length, reused from chunk to chunk.
    /// </summary>
    public static void ForChunks(int count, int buffers, ScratchBody body)
    {
        int chunks = (count + Chunk - 1) / Chunk;
        Parallelism.ForRanges(chunks, 40L * Chunk, (c0, c1) =>
        {
            var scratch = new float[buffers * Chunk];
            for (int c = c0; c < c1; c++)
            {
                int start = c * Chunk, length = Math.Min(Chunk, count - start);
                body(start, length, new Scratch(scratch, length));
            }
        });
    }

    public delegate void ScratchBody(int start, int length, Scratch scratch);

    /// <summary>Buffer i of a chunk's scratch: <c>scratch[i]</c>.</summary>
    public readonly struct Scratch(float[] data, int length)
    {
        public Span<float> this[int index] => data.AsSpan(index * Chunk, length);
    }

    /// <summary>A chunk of a gradient that may be missing (null: empty, read as zeros).</summary>
    public static ReadOnlySpan<float> Part(float[]? gradient, int start, int length) => gradient is null ? default : gradient.AsSpan(start, length);

    /// <summary>y = −|x|.</summary>
    public static void NegativeAbs(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Abs(x, y);
        TensorPrimitives.Negate(y, y);
    }

    /// <summary>x ← log(1 + eˣ), for x ≤ 0 (so eˣ ≤ 1).</summary>
    public static void LogOnePlusExp(Span<float> x)
    {
        TensorPrimitives.Exp(x, x);
        TensorPrimitives.Add(x, 1f, x);
        TensorPrimitives.Log(x, x);
    }

    /// <summary>y = −softplus(x) = −max(x, 0) − q, given q = log(1 + e^(−|x|)).</summary>
    public static void NegativeSoftplus(ReadOnlySpan<float> x, ReadOnlySpan<float> q, Span<float> y)
    {
        TensorPrimitives.Max(x, 0f, y);
        TensorPrimitives.Add(y, q, y);
        TensorPrimitives.Negate(y, y);
    }

    /// <summary>y = log σ(x) = −softplus(−x) = min(x, 0) − q, given q = log(1 + e^(−|x|)).</summary>
    public static void LogSigmoid(ReadOnlySpan<float> x, ReadOnlySpan<float> q, Span<float> y)
    {
        TensorPrimitives.Min(x, 0f, y);
        TensorPrimitives.Subtract(y, q, y);
    }

    /// <summary>up ← log g(x): given up = log(max(x, 0) + ½) and q = log(1 + e^(−|x|)), where x &lt; 0 it becomes
    /// log σ(x) = x − q (q is overwritten).</summary>
    public static void LogG(ReadOnlySpan<float> x, Span<float> up, Span<float> q)
    {
        TensorPrimitives.Subtract(x, q, q);
        Select(x, up, q, up);
    }

    /// <summary>y = max(x, 0) + ½: g(x) where x ≥ 0 (its log is log g there).</summary>
    public static void LogGAbove(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Max(x, 0f, y);
        TensorPrimitives.Add(y, 0.5f, y);
    }

    /// <summary>
    /// d = −σ·g_a + (1 − σ)·g_b = g_b − σ·(g_a + g_b): the gradient of a gate's pre-activation through
    /// log a = log(1 − σ) and log b = log σ + …; a missing (empty) g_a or g_b counts as zeros.
    /// </summary>
    public static void GateGradient(ReadOnlySpan<float> sigma, ReadOnlySpan<float> gA, ReadOnlySpan<float> gB, Span<float> d, Span<float> scratch)
    {
        if (gA.IsEmpty && gB.IsEmpty) d.Clear();
        else if (gA.IsEmpty)
        {
            TensorPrimitives.Subtract(1f, sigma, d);
            TensorPrimitives.Multiply(d, gB, d);
        }
        else if (gB.IsEmpty)
        {
            TensorPrimitives.Multiply(sigma, gA, d);
            TensorPrimitives.Negate(d, d);
        }
        else
        {
            TensorPrimitives.Add(gA, gB, scratch);
            TensorPrimitives.Multiply(sigma, scratch, scratch);
            TensorPrimitives.Subtract(gB, scratch, d);
        }
    }

    /// <summary>d = ±g · σ(−x) = ±g / (1 + eˣ): a gradient through log σ(x), whose derivative is σ(−x) (minus with <paramref name="negate"/>).</summary>
    public static void ThroughLogSigmoid(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, Span<float> scratch, bool negate)
    {
        TensorPrimitives.Exp(x, scratch);
        TensorPrimitives.Add(scratch, 1f, scratch);
        TensorPrimitives.Divide(g, scratch, d);
        if (negate) TensorPrimitives.Negate(d, d);
    }

    /// <summary>d = g_b · (log g)′(x): 1 / (x + ½) for x ≥ 0, σ(−x) = 1 / (1 + eˣ) below; zeros without g_b.</summary>
    public static void LogGGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> gB, Span<float> d, Span<float> below, Span<float> above)
    {
        if (gB.IsEmpty)
        {
            d.Clear();
            return;
        }
        TensorPrimitives.Min(x, 0f, below);
        TensorPrimitives.Exp(below, below);
        TensorPrimitives.Add(below, 1f, below);
        LogGAbove(x, above);
        Select(x, above, below, above);
        TensorPrimitives.Divide(gB, above, d);
    }

    /// <summary>result = x ≥ 0 ? atOrAbove : below, element by element, without branches (result may alias either).</summary>
    public static void Select(ReadOnlySpan<float> x, ReadOnlySpan<float> atOrAbove, ReadOnlySpan<float> below, Span<float> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
                Vector.ConditionalSelect(Vector.GreaterThanOrEqual(new Vector<float>(x[i..]), Vector<float>.Zero),
                    new Vector<float>(atOrAbove[i..]), new Vector<float>(below[i..])).CopyTo(result[i..]);
        for (; i < x.Length; i++) result[i] = x[i] >= 0f ? atOrAbove[i] : below[i];
    }
}
