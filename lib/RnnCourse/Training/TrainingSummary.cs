namespace RnnCourse.Training;

/// <summary>How a call of <see cref="Trainer.Train"/> ended.</summary>
/// <param name="Step">The optimizer steps taken in all (a resumed run counts the saved ones too).</param>
/// <param name="StepsRun">The steps taken by this call.</param>
/// <param name="TokensTrained">The target tokens of those steps.</param>
/// <param name="TrainingTime">The time spent in training steps (evaluations and checkpoints excluded).</param>
/// <param name="BestValidationLoss">The lowest validation loss so far (∞ when none was measured).</param>
/// <param name="LastValidation">The last evaluation of this call, if any.</param>
/// <param name="Diverged">True when the run stopped on a NaN or ∞ loss or gradient norm.</param>
/// <param name="StopMessage">Why it stopped early, naming the step; null when it ran to the end.</param>
public sealed record TrainingSummary(
    int Step, int StepsRun, long TokensTrained, TimeSpan TrainingTime, double BestValidationLoss,
    EvaluationResult? LastValidation, bool Diverged, string? StopMessage)
{
    /// <summary>Target tokens per second of training time.</summary>
    public double TokensPerSecond => TrainingTime > TimeSpan.Zero ? TokensTrained / TrainingTime.TotalSeconds : 0;
}
