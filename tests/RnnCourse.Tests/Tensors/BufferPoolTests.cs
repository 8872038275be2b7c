using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Tensors;

/// <summary>Tests that look at the shared pool's contents: they run alone, so no other test rents from it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BufferPoolCollection
{
    public const string Name = "BufferPool";
}

[Collection(BufferPoolCollection.Name)]
public class BufferPoolTests
{
    private const int Length = BufferPool.MinLength + 7;

    [Fact]
    public void AReturnedArrayIsRentedAgainForTheSameLengthOnly()
    {
        BufferPool.Clear();
        float[] array = BufferPool.Rent(Length);
        Assert.Equal(Length, array.Length);
        BufferPool.Return(array);
        Assert.Equal(Length, BufferPool.PooledFloats);
        Assert.NotSame(array, BufferPool.Rent(Length + 1));
        Assert.Same(array, BufferPool.Rent(Length));
        Assert.Equal(0, BufferPool.PooledFloats);
    }

    [Fact]
    public void RentClearedZeroesARecycledArray()
    {
        BufferPool.Clear();
        float[] dirty = BufferPool.Rent(Length);
        Array.Fill(dirty, 3.5f);
        BufferPool.Return(dirty);
        float[] cleared = BufferPool.RentCleared(Length);
        Assert.Same(dirty, cleared);
        Assert.All(cleared, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ShortArraysAreLeftToTheGarbageCollector()
    {
        BufferPool.Clear();
        BufferPool.Return(new float[BufferPool.MinLength - 1]);
        BufferPool.Return(null);
        Assert.Equal(0, BufferPool.PooledFloats);
    }

    [Fact]
    public void ReturningAnArrayTwiceIsRefused()
    {
        BufferPool.Clear();
        float[] array = BufferPool.Rent(Length);
        BufferPool.Return(array);
        var error = Assert.Throws<InvalidOperationException>(() => BufferPool.Return(array));
        Assert.Contains("returned twice", error.Message);
        BufferPool.Clear();
    }

    [Fact]
    public void ThePoolNeverHoldsMoreThanItsCap()
    {
        BufferPool.Clear();
        int length = (int)(BufferPool.MaxPooledFloats / 3);
        for (int i = 0; i < 4; i++) BufferPool.Return(new float[length]);
        Assert.InRange(BufferPool.PooledFloats, length, BufferPool.MaxPooledFloats);
        BufferPool.Clear();
    }

    /// <summary>Shapes large enough that every kernel buffer is pooled (at least MinLength floats).</summary>
    private static RecurrentLanguageModel Model(RecurrentKind kind) =>
        new(new LanguageModelConfig(kind, VocabSize: 11, EmbeddingSize: 16, HiddenSize: 128, NumLayers: 2), new Generator(3));

    private static int[] Ids(int seed)
    {
        var g = new Generator((ulong)seed);
        return Enumerable.Range(0, 4 * 32).Select(_ => g.NextInt(11)).ToArray();
    }

    private static float[][] Gradients(RecurrentLanguageModel model, int[] ids, int[] targets)
    {
        model.ZeroGrad();
        var (logits, _) = model.Forward(ids, 4, 32);
        Functional.CrossEntropy(logits, targets).Backward();
        return model.Parameters().Select(p => p.Grad!.Data.ToArray()).ToArray();
    }

    [Theory]
    [InlineData(RecurrentKind.Elman)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void RecycledBuffersGiveTheSameGradientsAsFreshOnes(RecurrentKind kind)
    {
        BufferPool.Clear();
        var model = Model(kind);
        int[] ids = Ids(1), targets = Ids(2);
        float[][] fresh = Gradients(model, ids, targets);
        Assert.True(BufferPool.PooledFloats > 0, "the step handed no buffer back");
        Gradients(model, Ids(3), Ids(4));
        BufferPool.Poison(float.NaN); // an element read before it is written would turn a gradient into NaN
        float[][] recycled = Gradients(model, ids, targets);
        for (int i = 0; i < fresh.Length; i++) Assert.Equal(fresh[i], recycled[i]);
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void TensorsTheCallerHoldsAreNeverRecycled(RecurrentKind kind)
    {
        BufferPool.Clear();
        var model = Model(kind);
        var (logits, state) = model.Forward(Ids(1), 4, 32);
        Tensor loss = Functional.CrossEntropy(logits, Ids(2));
        loss.Backward();
        float[] logitsBefore = logits.Data.ToArray(), hBefore = state.H.Data.ToArray();
        for (int i = 0; i < 3; i++) Gradients(model, Ids(10 + i), Ids(20 + i));
        Assert.Equal(logitsBefore, logits.Data);
        Assert.Equal(hBefore, state.H.Data);
    }

    [Fact]
    public void ARetainedGradientAndARetainedGraphSurviveLaterSteps()
    {
        BufferPool.Clear();
        var g = new Generator(5);
        var x = Torch.Randn(g, 128, 160).RequiresGrad_();
        Tensor y = (x * 2f).RetainGrad();
        Tensor loss = (y * y).Sum();
        loss.Backward(retainGraph: true);
        float[] yGrad = y.Grad!.Data.ToArray();
        float[] xGrad = x.Grad!.Data.ToArray();
        // Other work that rents and returns arrays of the same length.
        for (int i = 0; i < 3; i++)
        {
            var z = Torch.Randn(g, 128, 160).RequiresGrad_();
            ((z * 3f) * z).Sum().Backward();
        }
        Assert.Equal(yGrad, y.Grad!.Data);
        x.ZeroGrad();
        y.ZeroGrad(); // a retained gradient accumulates, as in PyTorch
        loss.Backward(); // the retained graph still holds its saved values
        Assert.Equal(xGrad, x.Grad!.Data);
        for (int i = 0; i < yGrad.Length; i++) Assert.Equal(8f * x.Data[i], xGrad[i], 1e-4f);
    }
}
