using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>A checkpoint's checksums (data and vocabulary), files from before them, and damaged metadata refused by name.</summary>
public sealed class CheckpointIntegrityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rnncourse-ckint-" + Guid.NewGuid().ToString("N"));
    private readonly string _path;
    private static readonly Vocabulary Chars = CharTokenizer.Train("abcdef").Vocabulary;

    public CheckpointIntegrityTests()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "model.safetensors");
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, Chars.Count, 4, 8, 1, 0f), new Generator(3));
        Checkpoint.Save(_path, model, Chars, metadata: new Dictionary<string, string> { [Checkpoint.TrainerPrefix + "step"] = "12" });
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes the checkpoint's tensors again with its metadata changed by <paramref name="edit"/> (and no data checksum).</summary>
    private void Rewrite(Action<Dictionary<string, string>> edit)
    {
        var (tensors, metadata) = Safetensors.Load(_path);
        var changed = new Dictionary<string, string>(metadata);
        edit(changed);
        Safetensors.Save(_path, tensors, changed);
    }

    [Fact]
    public void ACheckpointCarriesTheChecksumsOfItsDataAndOfItsVocabulary()
    {
        Checkpoint checkpoint = Checkpoint.Load(_path);
        Assert.True(checkpoint.HasChecksum);
        Assert.Equal(64, checkpoint.Metadata[Safetensors.ChecksumKey].Length);
        Assert.Equal(64, checkpoint.Metadata[Checkpoint.VocabularySha256Key].Length);
        Assert.Equal(12, checkpoint.Step);
    }

    [Fact]
    public void AFileWrittenBeforeChecksumsStillLoadsAndSaysSo()
    {
        Rewrite(m => m.Remove(Checkpoint.VocabularySha256Key));
        Checkpoint old = Checkpoint.Load(_path);
        Assert.False(old.HasChecksum);
        Assert.Equal(Chars.Tokens, old.Vocabulary!.Tokens);
    }

    [Fact]
    public void AVocabularyThatDoesNotMatchItsChecksumIsRefused()
    {
        Rewrite(m => m[Checkpoint.VocabularyKey] = m[Checkpoint.VocabularyKey].Replace("\"a\"", "\"z\"", StringComparison.Ordinal));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(_path));
        Assert.Equal($"Checkpoint '{_path}': the vocabulary does not match its SHA-256: the file is damaged. Use another copy of it, or train again.", e.Message);
    }

    [Theory]
    [InlineData("step", "abc", "a step number")]
    [InlineData("step", "-3", "a step number")]
    [InlineData("best_validation_loss", "low", "a number")]
    public void DamagedTrainerMetadataIsRefusedNamingTheKey(string key, string value, string what)
    {
        Rewrite(m => m[Checkpoint.TrainerPrefix + key] = value);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(_path));
        Assert.Equal($"Checkpoint '{_path}': metadata 'trainer.{key}' is '{value}', not {what}: the file is damaged. Use another copy of it, or train again.", e.Message);
    }

    [Fact]
    public void IsCheckpointTellsACheckpointFromAnyOtherFile()
    {
        string text = Path.Combine(_folder, "names.txt"), plain = Path.Combine(_folder, "plain.safetensors");
        File.WriteAllText(text, "emma\nolivia\n");
        Safetensors.Save(plain, new Dictionary<string, Tensor> { ["w"] = Torch.Ones(2) });
        Assert.True(Checkpoint.IsCheckpoint(_path));
        Assert.False(Checkpoint.IsCheckpoint(text));
        Assert.False(Checkpoint.IsCheckpoint(plain));
        Assert.False(Checkpoint.IsCheckpoint(Path.Combine(_folder, "missing.safetensors")));
        Assert.False(Checkpoint.IsCheckpoint(_folder));
    }
}
