namespace RnnCourse.Training;

/// <summary>
/// A step produced a loss or a gradient norm that is NaN or infinite. The optimizer did not step, so the
/// parameters are still those after the previous step. Chapter 4 (exploding gradients).
/// </summary>
public sealed class TrainingDivergedException(int step, float loss, float gradNorm, string message) : Exception(message)
{
    /// <summary>The step that failed (1 for the first update).</summary>
    public int Step { get; } = step;

    /// <summary>Its loss (NaN when the loss itself was not finite, or not yet computed).</summary>
    public float Loss { get; } = loss;

    /// <summary>Its gradient norm before clipping (NaN when not computed).</summary>
    public float GradNorm { get; } = gradNorm;
}
