namespace RnnCourse.Tensors;

/// <summary>
/// A seeded pseudo-random generator (xoshiro256**, seeded by SplitMix64), shaped after torch.Generator.
/// It uses only integer arithmetic and IEEE-exact float operations (+, *, /, sqrt) — its own logarithm
/// instead of the platform's — so the same seed gives bit-identical tensors on every run and machine.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed = DefaultSeed) => ManualSeed(seed);

    /// <summary>The seed of the default generator before any <see cref="ManualSeed"/> call.</summary>
    public const ulong DefaultSeed = 0x5EED;

    /// <summary>The seed last set.</summary>
    public ulong InitialSeed { get; private set; }

    /// <summary>Resets the state from <paramref name="seed"/> (torch: manual_seed).</summary>
    public Generator ManualSeed(ulong seed)
    {
        InitialSeed = seed;
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _spareNormal = null;
        return this;
    }

    /// <summary>The number of values in <see cref="GetState"/>.</summary>
    public const int StateLength = 7;

    /// <summary>
    /// The whole state (torch: get_state()), for checkpoints: the four xoshiro words, whether a spare normal
    /// is cached (0 or 1) and its bits, and the initial seed. <see cref="SetState"/> with it continues the
    /// sequence exactly where it was, so a resumed run draws the same dropout masks and shuffles.
    /// </summary>
    public ulong[] GetState() =>
    [
        _s0, _s1, _s2, _s3,
        _spareNormal.HasValue ? 1UL : 0UL,
        _spareNormal is { } spare ? (ulong)BitConverter.DoubleToInt64Bits(spare) : 0UL,
        InitialSeed,
    ];

    /// <summary>Restores a state from <see cref="GetState"/> (torch: set_state()); returns this generator.</summary>
    public Generator SetState(IReadOnlyList<ulong> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != StateLength)
            throw new ArgumentException($"Generator.SetState: the state has {state.Count} values but needs {StateLength}; pass the value of GetState().", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("Generator.SetState: the four xoshiro words are all zero, a state the generator never reaches; pass the value of GetState().", nameof(state));
        if (state[4] > 1)
            throw new ArgumentException($"Generator.SetState: value 4 (spare normal cached?) is {state[4]}, not 0 or 1; pass the value of GetState().", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        _spareNormal = state[4] == 1 ? BitConverter.Int64BitsToDouble((long)state[5]) : null;
        InitialSeed = state[6];
        return this;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits (every float in the grid k/2^24).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "NextInt needs a positive upper bound.");
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 product = (UInt128)r * bound;
            if ((ulong)product >= threshold) return (int)(ulong)(product >> 64);
        }
    }

    /// <summary>Standard normal by Marsaglia's polar method; pairs are cached as in the method.</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * ExactLog(s) / s);
        _spareNormal = v * factor;
        return u * factor;
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher-Yates; torch: randperm).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle(p);
        return p;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// ln(x) for x &gt; 0 from basic IEEE operations only: x = m·2^e with m in [√½, √2),
    /// ln x = e·ln 2 + 2·atanh((m−1)/(m+1)), the series summed until it no longer changes.
    /// </summary>
    internal static double ExactLog(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > 1.4142135623730951) { m *= 0.5; exponent++; }
        double z = (m - 1) / (m + 1), z2 = z * z, term = z, sum = 0;
        for (int k = 1; k < 60; k += 2)
        {
            double next = sum + term / k;
            if (next == sum) break;
            sum = next;
            term *= z2;
        }
        return exponent * 0.69314718055994530942 + 2 * sum;
    }

    /// <summary>The generator used when none is passed (torch.default_generator).</summary>
    public static Generator Default { get; } = new();
}
