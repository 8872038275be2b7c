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
            for (int i = 0; i < length; i++)
            {
                float softplus = MathF.Max(ks[i], 0f) + qk[i];
                float logG = cs[i] >= 0f ? up[i] : cs[i] - qc[i];
                la[i] = -softplus;                                        // log(1 − z)
                lb[i] = ks[i] - softplus + logG;                          // log z + log g(c)
            }
        });
        return TwoOutputs("MinGruLogCoefficientsBackward", logA, logB, k.ShapeArray, [k, candidate], (gA, gB) =>
        {
            float[]? dk = k.RequiresGrad ? BufferPool.Rent(count) : null;
            float[]? dc = candidate.RequiresGrad ? BufferPool.Rent(count) : null;
            GateMath.ForChunks(count, 2, (start, length, s) =>
            {
                ReadOnlySpan<float> ks = kd.AsSpan(start, length), cs = cd.AsSpan(start, length);
                ReadOnlySpan<float> ga = GateMath.Part(gA, start, length), gb = GateMath.Part(gB, start, length);
                Span<float> sigma = s[0], below = s[1];
                TensorPrimitives.Add(ks, logA.AsSpan(start, length), sigma);
                TensorPrimitives.Exp(sigma, sigma);                       // σ(k) = e^(k + log a)
                TensorPrimitives.Min(cs, 0f, below);
                TensorPrimitives.Exp(below, below);                       // e^c below 0
                for (int i = 0; i < length; i++)
                {
                    float gai = ga.IsEmpty ? 0f : ga[i], gbi = gb.IsEmpty ? 0f : gb[i];
                    if (dk is not null) dk[start + i] = (1f - sigma[i]) * gbi - sigma[i] * gai;
                    if (dc is not null) dc[start + i] = gbi * (cs[i] >= 0f ? 1f / (cs[i] + 0.5f) : 1f / (1f + below[i]));
                }
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
            for (int i = 0; i < length; i++)                               // δ = log i − log f, log σ(x) = min(x, 0) − q(x)
                d[i] = MathF.Min(js[i], 0f) - qi[i] - (MathF.Min(fs[i], 0f) - qf[i]);
            GateMath.NegativeAbs(d, qf);
            GateMath.LogOnePlusExp(qf);                                   // log(1 + e^(−|δ|))
            Span<float> la = logA.AsSpan(start, length), lb = logB.AsSpan(start, length);
            for (int i = 0; i < length; i++)
            {
                float softplus = MathF.Max(d[i], 0f) + qf[i];
                float logG = cs[i] >= 0f ? up[i] : cs[i] - qc[i];
                la[i] = -softplus;                                        // log f′
                lb[i] = d[i] - softplus + logG;                           // log i′ + log g(c)
            }
        });
        return TwoOutputs("MinLstmLogCoefficientsBackward", logA, logB, forget.ShapeArray, [forget, input, candidate], (gA, gB) =>
        {
            float[]? df = forget.RequiresGrad ? BufferPool.Rent(count) : null;
            float[]? di = input.RequiresGrad ? BufferPool.Rent(count) : null;
            float[]? dc = candidate.RequiresGrad ? BufferPool.Rent(count) : null;
            GateMath.ForChunks(count, 4, (start, length, s) =>
            {
                ReadOnlySpan<float> fs = kf.AsSpan(start, length), js = ki.AsSpan(start, length), cs = cd.AsSpan(start, length);
                ReadOnlySpan<float> ga = GateMath.Part(gA, start, length), gb = GateMath.Part(gB, start, length);
                Span<float> sigma = s[0], ef = s[1], ei = s[2], below = s[3];
                TensorPrimitives.Add(delta.AsSpan(start, length), logA.AsSpan(start, length), sigma);
                TensorPrimitives.Exp(sigma, sigma);                       // σ(δ) = e^(δ + log a)
                TensorPrimitives.Exp(fs, ef);                             // σ(−k) = 1 / (1 + e^k)
                TensorPrimitives.Exp(js, ei);
                TensorPrimitives.Min(cs, 0f, below);
                TensorPrimitives.Exp(below, below);
                for (int i = 0; i < length; i++)
                {
                    float gai = ga.IsEmpty ? 0f : ga[i], gbi = gb.IsEmpty ? 0f : gb[i];
                    float dDelta = (1f - sigma[i]) * gbi - sigma[i] * gai;
                    if (df is not null) df[start + i] = -dDelta / (1f + ef[i]);
                    if (di is not null) di[start + i] = dDelta / (1f + ei[i]);
                    if (dc is not null) dc[start + i] = gbi * (cs[i] >= 0f ? 1f / (cs[i] + 0.5f) : 1f / (1f + below[i]));
                }
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

    /// <summary>y = max(x, 0) + ½: g(x) where x ≥ 0 (its log is log g there).</summary>
    public static void LogGAbove(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Max(x, 0f, y);
        TensorPrimitives.Add(y, 0.5f, y);
    }
}
