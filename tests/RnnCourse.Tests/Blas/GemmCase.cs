using RnnCourse.Tensors.Blas;

namespace RnnCourse.Tests.Blas;

/// <summary>
/// One GEMM problem with its stored operands: op(A) is (M, K), op(B) is (K, N), each stored with a
/// row stride larger than its width by Pad*; the padding of A and B holds NaN (a kernel that reads
/// it poisons C) and the padding of C holds a sentinel that must survive.
/// </summary>
public sealed record GemmCase(bool TransA, bool TransB, int M, int N, int K, float Alpha, float Beta,
                              int PadA = 0, int PadB = 0, int PadC = 0)
{
    public const float Sentinel = 12345f;

    public int Lda => (TransA ? M : K) + PadA;
    public int Ldb => (TransB ? K : N) + PadB;
    public int Ldc => N + PadC;

    public override string ToString() =>
        $"m={M} n={N} k={K} transA={TransA} transB={TransB} alpha={Alpha} beta={Beta} pads=({PadA},{PadB},{PadC})";

    /// <summary>Random operands in [-1, 1]; C is all NaN when beta == 0 (it must not be read).</summary>
    public GemmData CreateData(int seed)
    {
        var random = new Random(seed);
        float[] a = Stored(random, TransA ? K : M, TransA ? M : K, Lda, float.NaN);
        float[] b = Stored(random, TransB ? N : K, TransB ? K : N, Ldb, float.NaN);
        float[] c = Stored(random, M, N, Ldc, Sentinel);
        if (Beta == 0f)
            for (int i = 0; i < M; i++) Array.Fill(c, float.NaN, i * Ldc, N);
        return new GemmData(this, a, b, c);
    }

    private static float[] Stored(Random random, int rows, int cols, int ld, float padding)
    {
        var values = new float[Math.Max(0, rows * ld)];
        Array.Fill(values, padding);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                values[i * ld + j] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}

/// <summary>The operands of a <see cref="GemmCase"/> and helpers to run providers on them.</summary>
public sealed record GemmData(GemmCase Case, float[] A, float[] B, float[] C)
{
    /// <summary>C after the call (the inputs are left untouched).</summary>
    public float[] Run(IGemmProvider provider)
    {
        float[] c = (float[])C.Clone();
        var s = Case;
        provider.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, s.Alpha, A, s.Lda, B, s.Ldb, s.Beta, c, s.Ldc);
        return c;
    }

    /// <summary>
    /// Checks each provider against <see cref="NaiveGemm"/> (computed once, tolerance from
    /// <see cref="GemmTolerance"/>) and that the padding of C is untouched.
    /// </summary>
    public void Verify(params IGemmProvider[] providers)
    {
        float[] expected = Run(new NaiveGemm());
        var s = Case;
        var scale = new GemmTolerance.Scale(s, A, B, C);
        foreach (var provider in providers)
        {
            float[] actual = Run(provider);
            for (int i = 0; i < s.M; i++)
            {
                for (int j = 0; j < s.N; j++)
                {
                    int at = i * s.Ldc + j;
                    double allowed = scale.Allowed(i, j);
                    if (!(Math.Abs((double)expected[at] - actual[at]) <= allowed))
                        Assert.Fail($"{provider.Name}: C[{i}, {j}] of {s}: expected {expected[at]:R}, got {actual[at]:R} (allowed error {allowed:G3}).");
                }
                for (int j = s.N; j < s.Ldc; j++)
                    Assert.True(actual[i * s.Ldc + j] == GemmCase.Sentinel,
                                $"{provider.Name} wrote C[{i}, {j}] outside the matrix (its padding) for {s}");
            }
        }
    }
}
