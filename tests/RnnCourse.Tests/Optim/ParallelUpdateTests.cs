using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Optim;

/// <summary>Updates run over ranges of chunks on several threads; every element must come out as on one thread.</summary>
public class ParallelUpdateTests
{
    public static TheoryData<string> Optimizers() => ["adam", "adamw", "sgd-nesterov"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ThreeStepsGiveTheSameBitsOnOneAndThreeThreads(string kind)
    {
        float[] one = Run(kind, threads: 1), three = Run(kind, threads: 3);
        Assert.Equal(one, three);
        Assert.NotEqual(Start().Data, one); // the steps did move the weights
    }

    private static Tensor Start() => GradCheck.Random(new Generator(5), -1, 1, 3 * 4096 + 77); // four chunks, the last partial

    private static float[] Run(string kind, int threads) => Threads.With(threads, () =>
    {
        Tensor w = Start().RequiresGrad_();
        Optimizer optimizer = kind switch
        {
            "adam" => new Adam([w], learningRate: 0.01, weightDecay: 0.1),
            "adamw" => new AdamW([w], learningRate: 0.01),
            _ => new Sgd([w], learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01),
        };
        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            (w * w * w).Sum().Backward(); // ∂/∂w = 3w²
            optimizer.Step();
        }
        return w.Data.ToArray();
    });
}
