using RnnCourse.Sampling;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Sampling;

/// <summary>Greedy, temperature, top-k and top-p: the distributions they draw from, checked directly and by counting draws.</summary>
public class TokenSamplerTests
{
    private static float[] RandomLogits(Generator g, int n) => Enumerable.Range(0, n).Select(_ => (float)(3 * g.NextNormal())).ToArray();

    [Fact]
    public void GreedyIsTheArgmaxWithTiesToTheLowerId()
    {
        Assert.Equal(2, TokenSampler.Greedy([0.1f, -1f, 3f, 2f]));
        Assert.Equal(1, TokenSampler.Greedy([0f, 5f, 5f]));
    }

    [Fact]
    public void ProbabilitiesAreTheSoftmaxAtTheTemperature()
    {
        float[] z = [1f, 2f, 4f];
        double[] p = TokenSampler.Probabilities(z, 2f);
        double[] e = z.Select(v => Math.Exp(v / 2.0)).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(e[i] / e.Sum(), p[i], 12);
        Assert.Equal(1.0, TokenSampler.Probabilities([1000f, -1000f]).Sum(), 12); // stable for large logits
    }

    [Fact]
    public void LowerTemperatureSharpensAndHigherFlattens()
    {
        float[] z = RandomLogits(new Generator(1), 20);
        double Entropy(float t) => -TokenSampler.Probabilities(z, t).Where(q => q > 0).Sum(q => q * Math.Log(q));
        Assert.True(Entropy(0.5f) < Entropy(1f));
        Assert.True(Entropy(1f) < Entropy(2f));
        Assert.True(Entropy(100f) > 0.99 * Math.Log(20));
    }

    [Fact]
    public void TemperatureTowardsZeroIsGreedy()
    {
        var g = new Generator(2);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] z = RandomLogits(g, 30);
            int best = TokenSampler.Greedy(z);
            float gap = z.Where((_, i) => i != best).Select(v => z[best] - v).Min();
            if (gap < 1e-3f) continue; // a near-tie is not what this checks
            double[] p = TokenSampler.Probabilities(z, 1e-6f);
            Assert.Equal(1.0, p[best]);
            Assert.Equal(best, TokenSampler.Sample(z, new SamplingOptions(1e-6f), g));
            Assert.Equal(best, TokenSampler.Sample(z, SamplingOptions.Greedy, g));
        }
    }

    [Fact]
    public void TopKKeepsExactlyTheKLargest()
    {
        var g = new Generator(3);
        for (int k = 1; k <= 12; k++)
        {
            double[] p = TokenSampler.Probabilities(RandomLogits(g, 12));
            double[] kept = (double[])p.Clone();
            TokenSampler.KeepTopK(kept, k);
            Assert.Equal(k, kept.Count(q => q > 0));
            double smallestKept = kept.Where(q => q > 0).Select((_, i) => i).Any() ? p.Where((_, i) => kept[i] > 0).Min() : 0;
            Assert.All(p.Where((_, i) => kept[i] == 0), q => Assert.True(q <= smallestKept));
            Assert.Equal(1.0, kept.Sum(), 12);
            for (int i = 0; i < p.Length; i++) // the kept keep their ratios
                if (kept[i] > 0) Assert.Equal(p[i] / p.Where((_, j) => kept[j] > 0).Sum(), kept[i], 12);
        }

        double[] ties = [0.25, 0.25, 0.25, 0.25];
        TokenSampler.KeepTopK(ties, 2);
        Assert.Equal([0.5, 0.5, 0, 0], ties); // exactly k even on a tie: the lower ids
    }

    [Fact]
    public void TopPKeepsTheSmallestSetWhoseMassReachesP()
    {
        double[] p = [0.1, 0.4, 0.2, 0.3];
        double[] kept = (double[])p.Clone();
        TokenSampler.KeepTopP(kept, 0.65); // 0.4 + 0.3 = 0.7 ≥ 0.65; 0.4 alone is not
        Assert.Equal([0, 0.4 / 0.7, 0, 0.3 / 0.7], kept);

        var g = new Generator(4);
        for (int trial = 0; trial < 200; trial++)
        {
            double[] q = TokenSampler.Probabilities(RandomLogits(g, 15));
            double top = 0.05 + 0.95 * g.NextDouble();
            double[] nucleus = (double[])q.Clone();
            TokenSampler.KeepTopP(nucleus, top);
            double[] keptMass = q.Where((_, i) => nucleus[i] > 0).ToArray();
            Assert.True(keptMass.Sum() >= top - 1e-12, "the kept mass reaches p");
            Assert.True(keptMass.Sum() - keptMass.Min() < top, "without its least likely token it would not: the set is the smallest");
            Assert.True(q.Where((_, i) => nucleus[i] == 0).All(v => v <= keptMass.Min()), "the kept tokens are the most likely");
        }
    }

    [Fact]
    public void DrawsFollowTheDistribution()
    {
        double[] p = [0.1, 0.2, 0.3, 0.4];
        var g = new Generator(5);
        var counts = new int[4];
        const int n = 40_000;
        for (int i = 0; i < n; i++) counts[TokenSampler.Draw(p, g)]++;
        for (int i = 0; i < 4; i++) Assert.Equal(p[i], counts[i] / (double)n, 0.01);

        double[] zeros = [0, 1, 0];
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(1, TokenSampler.Draw(zeros, g)));
    }

    [Fact]
    public void SampleAppliesTopKThenTopPAndNeverDrawsWhatTheyCut()
    {
        float[] z = [5f, 4f, 3f, 2f, 1f];
        var g = new Generator(6);
        var seen = new HashSet<int>();
        for (int i = 0; i < 2000; i++) seen.Add(TokenSampler.Sample(z, new SamplingOptions(2f, TopK: 3), g));
        Assert.Equal([0, 1, 2], seen.Order());
        seen.Clear();
        for (int i = 0; i < 2000; i++) seen.Add(TokenSampler.Sample(z, new SamplingOptions(1f, TopP: 0.5), g));
        Assert.Equal([0], seen); // p₀ = 0.64 ≥ 0.5 alone
    }

    [Fact]
    public void SettingsOutOfRangeAreRefused()
    {
        var g = new Generator(7);
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampler.Sample([1f, 2f], new SamplingOptions(-1f), g));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampler.Sample([1f, 2f], new SamplingOptions(TopK: 0), g));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampler.Sample([1f, 2f], new SamplingOptions(TopP: 1.5), g));
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => TokenSampler.Greedy([1f, float.NaN])).Message);
    }
}
