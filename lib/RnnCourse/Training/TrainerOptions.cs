using RnnCourse.Tensors;
using RnnCourse.Text;

namespace RnnCourse.Training;

/// <summary>How a <see cref="Trainer"/> runs; each setting says why it is there.</summary>
public sealed record TrainerOptions
{
    /// <summary>Gradients are rescaled to this joint norm when larger (ClipGrad.Norm), against exploding gradients; +∞ measures without clipping.</summary>
    public float MaxGradNorm { get; init; } = 1f;

    /// <summary>Steps between evaluations (and checkpoints); 0: only at the end of the run.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Validation batches per evaluation; 0: the whole validation set.</summary>
    public int MaxEvalBatches { get; init; }

    /// <summary>Steps between progress lines when no bar is drawn.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Where progress goes; null: nowhere.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Draw a progress bar; null: only when <see cref="Output"/> is the console on a terminal.</summary>
    public bool? ProgressBar { get; init; }

    /// <summary>The checkpoint written at each evaluation and at the end (to resume from); null: none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Also write the best model so far, by validation loss, to <see cref="BestCheckpointPath"/>.</summary>
    public bool SaveBest { get; init; } = true;

    /// <summary>Saved in every checkpoint, so the model can be sampled and evaluated from the file alone.</summary>
    public Vocabulary? Vocabulary { get; init; }

    /// <summary>Extra metadata for every checkpoint (e.g. the command line that made it).</summary>
    public IReadOnlyDictionary<string, string>? CheckpointMetadata { get; init; }

    /// <summary>The generator the model draws dropout masks from, saved in checkpoints; null: the model's (model.Generator).</summary>
    public Generator? Generator { get; init; }

    /// <summary>"runs/lstm.safetensors" → "runs/lstm.best.safetensors"; null without a checkpoint path.</summary>
    public string? BestCheckpointPath => CheckpointPath is null ? null
        : Path.Combine(Path.GetDirectoryName(CheckpointPath) ?? "", Path.GetFileNameWithoutExtension(CheckpointPath) + ".best" + Path.GetExtension(CheckpointPath));
}
