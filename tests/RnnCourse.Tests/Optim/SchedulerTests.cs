using RnnCourse.Optim;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Optim;

/// <summary>Learning-rate schedules: the sequence of rates, written into the optimizer, and resumable.</summary>
public class SchedulerTests
{
    private static Sgd NewSgd(double lr) => new([Torch.Ones(1).RequiresGrad_()], lr);

    private static double[] Rates(LrScheduler scheduler, int steps)
    {
        var rates = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            rates[t] = scheduler.LearningRate;
            Assert.Equal(rates[t], scheduler.Optimizer.LearningRate);
            scheduler.Step();
        }
        return rates;
    }

    [Fact]
    public void StepLRMultipliesByGammaEveryStepSizeSteps()
    {
        var scheduler = new StepLR(NewSgd(0.1), stepSize: 3, gamma: 0.5);
        double[] expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125];
        double[] actual = Rates(scheduler, 10);
        for (int t = 0; t < expected.Length; t++) Assert.Equal(expected[t], actual[t], 15);
        Assert.Equal(10, scheduler.LastEpoch);
    }

    [Fact]
    public void CosineWithWarmupRisesLinearlyThenFollowsTheCosineToTheFloor()
    {
        // W = 4, T = 12, η₀ = 1, η_min = 0.1: warm-up t/4, then 0.1 + 0.9·½(1 + cos(π(t − 4)/8)), then 0.1.
        var scheduler = new CosineWithWarmup(NewSgd(1.0), warmupSteps: 4, totalSteps: 12, minLr: 0.1);
        double c1 = Math.Cos(Math.PI / 8), c2 = Math.Sqrt(0.5), c3 = Math.Cos(3 * Math.PI / 8);
        double[] expected =
        [
            0, 0.25, 0.5, 0.75,
            1.0,
            0.1 + 0.45 * (1 + c1), 0.1 + 0.45 * (1 + c2), 0.1 + 0.45 * (1 + c3),
            0.55,
            0.1 + 0.45 * (1 - c3), 0.1 + 0.45 * (1 - c2), 0.1 + 0.45 * (1 - c1),
            0.1, 0.1, 0.1,
        ];
        double[] actual = Rates(scheduler, expected.Length);
        for (int t = 0; t < expected.Length; t++) Assert.Equal(expected[t], actual[t], 12);
    }

    [Fact]
    public void CosineWithoutWarmupStartsAtTheBaseRate()
    {
        var scheduler = new CosineWithWarmup(NewSgd(0.01), warmupSteps: 0, totalSteps: 2);
        Assert.Equal([0.01, 0.005, 0.0], Rates(scheduler, 3).Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void EachGroupIsScaledFromItsOwnBaseRate()
    {
        var sgd = new Sgd([new ParamGroup([Torch.Ones(1)]), new ParamGroup([Torch.Ones(1)], learningRate: 1.0)], learningRate: 0.1);
        var scheduler = new StepLR(sgd, stepSize: 1, gamma: 0.5);
        scheduler.Step();
        Assert.Equal([0.05, 0.5], scheduler.LastLearningRates);
        Assert.Equal([0.1, 1.0], scheduler.BaseLearningRates);
    }

    [Fact]
    public void AStateRoundTripResumesTheSchedule()
    {
        var a = new CosineWithWarmup(NewSgd(0.5), 3, 10, 0.05);
        for (int i = 0; i < 5; i++) a.Step();
        var b = new CosineWithWarmup(NewSgd(0.5), 3, 10, 0.05);
        b.LoadStateDict(a.StateDict());
        Assert.Equal(5, b.LastEpoch);
        Assert.Equal(a.LearningRate, b.Optimizer.LearningRate);
        a.Step(); b.Step();
        Assert.Equal(a.LearningRate, b.LearningRate);

        var e = Assert.Throws<ArgumentException>(() => new StepLR(NewSgd(0.1), 2).LoadStateDict(a.StateDict()));
        Assert.Contains("written by CosineWithWarmup", e.Message);
    }

    /// <summary>The rate after each validation loss, with a few optimizer steps (which change nothing) in between.</summary>
    private static double[] PlateauRates(ReduceLROnPlateau scheduler, double[] losses) => losses.Select(loss =>
    {
        scheduler.Step();
        scheduler.Step();
        scheduler.Step(loss);
        Assert.Equal(scheduler.LearningRate, scheduler.Optimizer.LearningRate);
        return scheduler.LearningRate;
    }).ToArray();

    [Fact]
    public void ReduceLROnPlateauDividesAsWordLanguageModelDoesWhenAnEpochDoesNotImprove()
    {
        // main.py: if not best_val_loss or val_loss < best_val_loss: best_val_loss = val_loss, else: lr /= 4.0
        var scheduler = new ReduceLROnPlateau(NewSgd(20), factor: 0.25, patience: 0, threshold: 0);
        Assert.Equal(20, scheduler.LearningRate);
        Assert.Equal([20, 20, 5, 5, 1.25, 1.25, 0.3125], PlateauRates(scheduler, [5.0, 4.0, 4.5, 3.0, 3.0, 2.9, 2.95]));
        Assert.Equal(2.9, scheduler.Best);
        Assert.Equal(3, scheduler.Reductions);
    }

    [Fact]
    public void ReduceLROnPlateauWaitsPatienceEvaluationsAndCountsOnlyRelativeImprovementsAboveTheThreshold()
    {
        // torch: better when ℓ < best·(1 − threshold); reduce when more than `patience` evaluations in a row are not.
        var scheduler = new ReduceLROnPlateau(NewSgd(1), factor: 0.5, patience: 1, threshold: 0.1, minLr: 0.3);
        // 10 best; 9.5 and 9.2 not below 9: bad 2 → ×0.5; 8 best; 7.5 and 7.3 not below 7.2 → ×0.5, floored at 0.3; 7 and 6 best
        Assert.Equal([1, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3], PlateauRates(scheduler, [10, 9.5, 9.2, 8, 7.5, 7.3, 7.0, 6.0]));
        Assert.Equal((6.0, 0), (scheduler.Best, scheduler.BadEvaluations));
    }

    [Fact]
    public void ReduceLROnPlateauResumesFromItsState()
    {
        var a = new ReduceLROnPlateau(NewSgd(1), factor: 0.5, patience: 1);
        PlateauRates(a, [3, 2, 2.5, 2.5, 2.4]); // one reduction, then one bad evaluation pending
        var b = new ReduceLROnPlateau(NewSgd(1), factor: 0.5, patience: 1);
        b.LoadStateDict(a.StateDict());
        Assert.Equal((a.LearningRate, a.Best, a.BadEvaluations, a.Reductions, a.LastEpoch), (b.LearningRate, b.Best, b.BadEvaluations, b.Reductions, b.LastEpoch));
        Assert.Equal(0.5, b.Optimizer.LearningRate);
        Assert.Equal(PlateauRates(a, [2.3, 1.0]), PlateauRates(b, [2.3, 1.0])); // the pending bad evaluation reduces both
        Assert.Equal(0.25, b.LearningRate);
    }

    [Fact]
    public void RefusesImpossibleSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(NewSgd(0.1), factor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(NewSgd(0.1), patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(NewSgd(0.1), stepSize: 0));
        Assert.Contains("warmupSteps ≤ totalSteps",
            Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWithWarmup(NewSgd(0.1), 10, 5)).Message);
    }
}
