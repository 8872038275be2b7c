using System.Globalization;
using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>
/// ModelCache: a recipe trained once is reused (same weights, history and cost, and the output says so); another
/// recipe, other data or a damaged file trains anew; ModelCache.None never touches a file; the key is culture-proof.
/// </summary>
public sealed class ModelCacheTests
{
    private const int Vocab = 9;

    /// <summary>A repeating stream with some noise, ids 4..8.</summary>
    private static int[] Stream(int length, ulong seed) => NoisyCycle.Stream(length, period: 5, noiseOneIn: 6, seed);

    private static readonly int[] TrainIds = Stream(600, 1), ValidationIds = Stream(200, 2);

    private static TrainingRecipe Recipe(int steps = 6, ulong seed = 7, RecurrentKind kind = RecurrentKind.Lstm) =>
        new(new LanguageModelConfig(kind, Vocab, 6, 8, 2, Dropout: 0.1f), steps, LearningRate: 1e-2, WarmupSteps: 2, EvalEvery: 3, Seed: seed);

    private static TokenStreamBatches Batches(int[] ids, int batch = 4, int steps = 8) => new(ids, batch, steps);

    private static (TrainedModel Model, string Output) Train(ModelCache cache, TrainingRecipe recipe, TokenStreamBatches? train = null)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var withOutput = new ModelCache(cache.Folder) { Output = output, LogEvery = 2 };
        TrainedModel model = withOutput.Train("toy", recipe, train ?? Batches(TrainIds), Batches(ValidationIds));
        return (model, output.ToString());
    }

    private static float[] Logits(LanguageModel model)
    {
        model.Eval();
        using var _ = Torch.NoGrad();
        return model.Forward([4, 5, 6, 7, 8, 4], 2, 3).Logits.Data.ToArray();
    }

    [Fact]
    public void A_second_run_of_the_same_recipe_reuses_the_checkpoint_and_says_so()
    {
        using var folder = new TempFolder();
        var cache = new ModelCache(folder.Path);

        var (first, firstOutput) = Train(cache, Recipe());
        var (second, secondOutput) = Train(cache, Recipe());

        Assert.False(first.Reused);
        Assert.Contains("Training LSTM, 2 layers of 8", firstOutput);
        Assert.Contains("step 2/6", firstOutput);
        Assert.True(File.Exists(first.Path));
        Assert.True(second.Reused);
        Assert.Equal(first.Path, second.Path);
        Assert.Contains($"Reusing {first.Path}", secondOutput);
        Assert.Contains("not trained again", secondOutput);
        Assert.Contains(first.Log, secondOutput);                      // the log of the run that trained it
        Assert.Equal(Logits(first.Model), Logits(second.Model));
        Assert.Equal(first.History.ToCsv(), second.History.ToCsv());
        Assert.Equal(first.TokensTrained, second.TokensTrained);
        Assert.Equal(first.TrainingTime, second.TrainingTime);                // to the tick
        Assert.Equal(first.BestValidationLoss, second.BestValidationLoss);
        Assert.Equal([3, 6], second.History.Evaluations.Select(e => e.Step));
        Assert.Equal(first.ParameterCount, second.ParameterCount);
    }

    [Fact]
    public void The_file_name_says_corpus_kind_and_size_and_a_reused_checkpoint_opens_as_a_checkpoint()
    {
        using var folder = new TempFolder();
        var (trained, _) = Train(new ModelCache(folder.Path), Recipe(kind: RecurrentKind.Gru));

        Assert.Matches(@"^toy-gru-2x8-[0-9a-f]{12}\.safetensors$", Path.GetFileName(trained.Path));
        Checkpoint checkpoint = Checkpoint.Load(trained.Path!);
        Assert.Equal(Recipe(kind: RecurrentKind.Gru).Model, checkpoint.Config);
        Assert.Equal(6, checkpoint.Step);
        Assert.Equal(Recipe(kind: RecurrentKind.Gru).Describe(), checkpoint.Metadata[ModelCache.RecipeKey]);
    }

    [Fact]
    public void Another_recipe_or_other_batches_train_anew_into_their_own_file()
    {
        using var folder = new TempFolder();
        var cache = new ModelCache(folder.Path);
        var (first, _) = Train(cache, Recipe());

        var (otherSeed, _) = Train(cache, Recipe(seed: 8));
        var (otherSteps, _) = Train(cache, Recipe(steps: 7));
        var (otherWindows, _) = Train(cache, Recipe(), Batches(TrainIds, steps: 9));

        foreach (TrainedModel other in new[] { otherSeed, otherSteps, otherWindows })
        {
            Assert.False(other.Reused);
            Assert.NotEqual(first.Path, other.Path);
        }
        Assert.Equal(4, Directory.GetFiles(folder.Path, "*.safetensors").Length);
    }

    [Fact]
    public void The_cache_without_a_folder_trains_every_time_and_writes_nothing()
    {
        using var folder = new TempFolder();
        string current = Environment.CurrentDirectory;
        var (first, output) = Train(ModelCache.None, Recipe());
        var (second, _) = Train(ModelCache.None, Recipe());

        Assert.False(first.Reused || second.Reused);
        Assert.Null(first.Path);
        Assert.DoesNotContain("Saved to", output);
        Assert.Equal(Logits(first.Model), Logits(second.Model)); // the same seed trains the same model
        Assert.Equal(current, Environment.CurrentDirectory);
        Assert.Throws<InvalidOperationException>(() => ModelCache.None.CheckpointPath("toy", Recipe(), "00"));
    }

    [Fact]
    public void A_damaged_checkpoint_or_one_of_another_key_is_trained_again_and_replaced()
    {
        using var folder = new TempFolder();
        var cache = new ModelCache(folder.Path);
        var (first, _) = Train(cache, Recipe());
        byte[] bytes = File.ReadAllBytes(first.Path!);
        bytes[^3] ^= 0x40;                                             // a flipped bit in the weights
        File.WriteAllBytes(first.Path!, bytes);

        var (retrained, output) = Train(cache, Recipe());

        Assert.False(retrained.Reused);
        Assert.Contains("cannot be reused", output);
        Assert.Equal(Logits(first.Model), Logits(retrained.Model));
        Assert.True(Train(cache, Recipe()).Model.Reused);              // the replacement is whole

        var (other, _) = Train(cache, Recipe(seed: 9));
        File.Copy(other.Path!, first.Path!, overwrite: true);           // a file of another key under this name
        var (again, otherOutput) = Train(cache, Recipe());
        Assert.False(again.Reused);
        Assert.Contains("another recipe or data", otherOutput);
    }

    [Fact]
    public void The_key_and_the_recipe_text_do_not_depend_on_the_culture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        string invariant = Recipe().Describe();
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();   // 0,01 (the machine may have no cultures installed)
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,01", 0.01.ToString());
            Assert.Equal(invariant, Recipe().Describe());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
        Assert.Contains("lr=0.01 ", invariant);
        Assert.Contains("dropout=0.1 ", invariant);
        Assert.Contains("min_lr=0.001 ", invariant);
    }

    [Fact]
    public void The_data_fingerprint_follows_ids_layout_and_shuffling_seed()
    {
        string a = ModelCache.DataSha256(Batches(TrainIds));
        Assert.Equal(a, ModelCache.DataSha256(Batches(TrainIds)));
        Assert.NotEqual(a, ModelCache.DataSha256(Batches(TrainIds, batch: 5)));
        Assert.NotEqual(a, ModelCache.DataSha256(Batches(TrainIds), null));
        int[] changed = (int[])TrainIds.Clone();
        changed[100] = changed[100] == 4 ? 5 : 4;
        Assert.NotEqual(a, ModelCache.DataSha256(Batches(changed)));

        IReadOnlyList<int>[] sentences = [[4, 5], [6, 7, 8], [5], [4, 4, 6]];
        Assert.NotEqual(ModelCache.DataSha256(SentenceBatches.Loader(sentences, 2, shuffle: true, seed: 1)),
                        ModelCache.DataSha256(SentenceBatches.Loader(sentences, 2, shuffle: true, seed: 2)));
    }

    [Fact]
    public void Bad_recipes_names_and_vocabularies_are_refused_with_what_is_wrong()
    {
        using var folder = new TempFolder();
        var cache = new ModelCache(folder.Path);
        Assert.Contains("warm-up", Assert.Throws<ArgumentOutOfRangeException>(() => cache.Train("toy", Recipe() with { WarmupSteps = 50 }, Batches(TrainIds))).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => cache.Train("toy", Recipe() with { LearningRate = 0 }, Batches(TrainIds))).Message);
        Assert.Contains("names a file", Assert.Throws<ArgumentException>(() => cache.Train("../toy", Recipe(), Batches(TrainIds))).Message);
        var vocabulary = Vocabulary.FromTokens(["a", "b"]);
        Assert.Contains("6 tokens but the recipe's model 9", Assert.Throws<ArgumentException>(() => cache.Train("toy", Recipe(), Batches(TrainIds), vocabulary: vocabulary)).Message);
        Assert.Contains("blank", Assert.Throws<ArgumentException>(() => new ModelCache(" ")).Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_diverging_run_throws_and_saves_nothing()
    {
        using var folder = new TempFolder();
        var cache = new ModelCache(folder.Path) { Output = TextWriter.Null };
        var recipe = Recipe() with { LearningRate = 1e30, WarmupSteps = 0, MaxGradNorm = float.PositiveInfinity, Model = Recipe().Model with { Kind = RecurrentKind.Elman } };

        var e = Assert.Throws<InvalidOperationException>(() => cache.Train("toy", recipe, Batches(TrainIds), Batches(ValidationIds)));

        Assert.Contains("diverged", e.Message);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.safetensors"));
    }
}
