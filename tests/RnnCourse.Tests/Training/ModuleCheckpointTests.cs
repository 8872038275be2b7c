using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Modules saved and loaded through their state dicts, and a whole training state resumed from one file.</summary>
public sealed class ModuleCheckpointTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rnncourse-ckpt-" + Guid.NewGuid().ToString("N"));

    public ModuleCheckpointTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Sequential NewModel(ulong seed, int hidden = 4)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(3, hidden, generator: g), new Dropout(0.1f, new Generator(seed)), new Linear(hidden, 2, generator: g));
    }

    [Fact]
    public void AModuleSavedAndLoadedHasTheSameParametersAndMetadata()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        Sequential saved = NewModel(1);
        saved.Save(path, new Dictionary<string, string> { ["epoch"] = "3" });

        Sequential loaded = NewModel(2);
        Assert.NotEqual(saved[0] is Linear l0 ? l0.Weight.Data : null, ((Linear)loaded[0]).Weight.Data);
        IReadOnlyDictionary<string, string> metadata = loaded.Load(path);

        Assert.Equal("3", metadata["epoch"]);
        foreach (var ((name, a), (_, b)) in saved.NamedParameters().Zip(loaded.NamedParameters()))
            Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), name);
    }

    [Fact]
    public void LoadingIntoAModelOfAnotherShapeNamesTheFileAndTheTensor()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        NewModel(1, hidden: 4).Save(path);
        var e = Assert.Throws<InvalidDataException>(() => NewModel(1, hidden: 5).Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'0.bias' has shape (5) in the model but (4) in the state", e.Message); // file order: 0.bias before 0.weight

        var other = new Sequential(new Linear(3, 4));
        var missing = Assert.Throws<InvalidDataException>(() => other.Load(path));
        Assert.Contains("unexpected [2.bias, 2.weight]", missing.Message);
    }

    [Fact]
    public void ModelOptimizerAndScheduleResumeBitIdenticallyFromOneFile()
    {
        string path = Path.Combine(_folder, "run.safetensors");
        Tensor x = GradCheck.Random(new Generator(5), -1, 1, 8, 3), target = GradCheck.Random(new Generator(6), -1, 1, 8, 2);
        void Train(Sequential model, AdamW opt, CosineWithWarmup schedule, int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                opt.ZeroGrad();
                Functional.MseLoss(model.Forward(x), target).Backward();
                ClipGrad.Norm(model.Parameters(), 0.5f);
                opt.Step();
                schedule.Step();
            }
        }

        Sequential model = NewModel(1);
        model.Eval(); // dropout off: the continuation depends only on the saved state
        var opt = new AdamW(model.Parameters(), 0.01);
        var schedule = new CosineWithWarmup(opt, 2, 20, 1e-4);
        Train(model, opt, schedule, 6);

        // One file: model tensors as they are, optimizer buffers under "optimizer.", schedule as metadata.
        OptimizerState optState = opt.StateDict().WithPrefix("optimizer.");
        var tensors = model.StateDict().Concat(optState.Tensors).ToDictionary();
        var metadata = optState.Metadata.Concat(schedule.StateDict().Select(kv => KeyValuePair.Create("schedule." + kv.Key, kv.Value))).ToDictionary();
        Safetensors.Save(path, tensors, metadata);
        Train(model, opt, schedule, 5);

        var (loadedTensors, loadedMetadata) = Safetensors.Load(path);
        Sequential resumed = NewModel(99);
        resumed.Eval();
        resumed.LoadStateDict(loadedTensors.Where(kv => !kv.Key.StartsWith("optimizer.", StringComparison.Ordinal)).ToDictionary());
        var resumedOpt = new AdamW(resumed.Parameters(), 0.01);
        var resumedSchedule = new CosineWithWarmup(resumedOpt, 2, 20, 1e-4);
        resumedOpt.LoadStateDict(OptimizerState.FromPrefixed(loadedTensors, loadedMetadata, "optimizer."));
        resumedSchedule.LoadStateDict(loadedMetadata.Where(kv => kv.Key.StartsWith("schedule.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["schedule.".Length..], kv => kv.Value));
        Train(resumed, resumedOpt, resumedSchedule, 5);

        foreach (var ((name, a), (_, b)) in model.NamedParameters().Zip(resumed.NamedParameters()))
            Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), $"{name} differs after resuming");
        Assert.Equal(schedule.LearningRate, resumedSchedule.LearningRate);
    }
}
