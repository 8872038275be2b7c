using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Training;
using static RnnCourse.Files.AtomicFile;
using static RnnCourse.Training.Safetensors;

namespace RnnCourse.Tests.Training;

/// <summary>
/// What keeps a safetensors file from being lost or silently damaged: the SHA-256 of the data section, a strict
/// header, and saves interrupted at each stage or failing on a full disk (through the writer's seam), each
/// leaving the old file as it was.
/// </summary>
public sealed class SafetensorsIntegrityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rnncourse-stint-" + Guid.NewGuid().ToString("N"));
    private readonly string _path;

    public SafetensorsIntegrityTests()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "ckpt.safetensors");
    }

    public void Dispose()
    {
        Seam.Value = null;
        Directory.Delete(_folder, recursive: true);
    }

    private static Dictionary<string, Tensor> State(ulong seed) => new()
    {
        ["b"] = Torch.Randn(new Generator(seed), 3, 7),
        ["a"] = Torch.Randn(new Generator(seed + 1), 100),
    };

    private static void Refused(string path, params string[] fragments)
    {
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        Assert.Contains(path, e.Message);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void TheChecksumIsTheSha256OfTheDataSection()
    {
        Save(_path, State(1), new Dictionary<string, string> { ["note"] = "kept" }, checksum: true);
        byte[] bytes = File.ReadAllBytes(_path);
        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string expected = Convert.ToHexString(SHA256.HashData(bytes.AsSpan(dataStart))).ToLowerInvariant();

        var (tensors, metadata) = Load(_path);
        Assert.Equal(expected, metadata[ChecksumKey]);
        Assert.Equal("kept", metadata["note"]);
        Assert.Equal(State(1)["a"].Data, tensors["a"].Data);
    }

    [Fact]
    public void OneFlippedDataByteIsRefusedAsDamagedButPassesWithoutAChecksum()
    {
        Save(_path, State(1), checksum: true);
        byte[] bytes = File.ReadAllBytes(_path);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(_path, bytes);
        Refused(_path, "its data does not match the SHA-256 in its header", "the file is damaged", "Use another copy");

        string plain = Path.Combine(_folder, "plain.safetensors");
        Save(plain, State(1));
        bytes = File.ReadAllBytes(plain);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(plain, bytes);
        Assert.NotEqual(State(1)["b"].Data, Load(plain).Tensors["b"].Data); // the format alone cannot tell
    }

    [Fact]
    public void AChecksumCopiedFromAnotherFilesMetadataIsNotWritten()
    {
        Save(_path, State(1), checksum: true);
        string other = Path.Combine(_folder, "other.safetensors");
        Save(other, State(5), Load(_path).Metadata);
        Assert.False(Load(other).Metadata.ContainsKey(ChecksumKey));
    }

    [Fact]
    public void AHeaderThatIsNotUtf8IsRefusedWithTheByteOffset()
    {
        byte[] header = [.. "{\"__metadata__\":{\"k\":\""u8, 0xC3, 0x28, .. "\"}}"u8];
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(_path, bytes);
        Refused(_path, "the header is not UTF-8 text (byte 30 of the file is not)", "damaged");
    }

    [Fact]
    public void ReadMetadataReadsTheHeaderAlone()
    {
        Save(_path, State(1), new Dictionary<string, string> { ["note"] = "kept" }, checksum: true);
        byte[] bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..^4]);
        Assert.Equal("kept", ReadMetadata(_path)["note"]);
        Refused(_path, "truncated");
    }

    [Theory]
    [MemberData(nameof(SaveStages.BeforeTheMove), MemberType = typeof(SaveStages))]
    public void ASaveAbandonedAtAnyStageLeavesTheOldFileAndNoTemporaryFile(string stageName)
    {
        var stage = Enum.Parse<SaveStage>(stageName);
        Save(_path, State(1), checksum: true);
        byte[] before = File.ReadAllBytes(_path);
        Seam.Value = new SaveSeam(AtStage: (s, _) => { if (s == stage) throw new OperationCanceledException($"stopped at {s}"); });

        var e = Assert.Throws<OperationCanceledException>(() => Save(_path, State(2), checksum: true));
        Assert.Equal($"stopped at {stage}", e.Message);
        Assert.Equal(before, File.ReadAllBytes(_path));
        Assert.Equal([_path], Directory.GetFiles(_folder));
    }

    [Theory]
    [MemberData(nameof(SaveStages.Every), MemberType = typeof(SaveStages))]
    public void AKillAtAnyStageLeavesTheOldOrTheNewFileWholeAndATemporaryFileToRemove(string stageName)
    {
        var stage = Enum.Parse<SaveStage>(stageName);
        Save(_path, State(1), checksum: true);
        byte[] before = File.ReadAllBytes(_path);
        // What a kill at this stage leaves on disk: the target's bytes and the temporary files beside it.
        byte[]? target = null;
        string[]? temporary = null;
        Seam.Value = new SaveSeam(AtStage: (s, _) =>
        {
            if (s != stage) return;
            target = File.ReadAllBytes(_path);
            temporary = TemporaryFiles(_path);
        });
        Save(_path, State(2), checksum: true);
        byte[] after = File.ReadAllBytes(_path);

        Assert.Equal(stage == SaveStage.Replaced ? after : before, target);
        Assert.NotEqual(before, after);
        Assert.Equal(stage == SaveStage.Replaced ? 0 : 1, temporary!.Length);
        Assert.All(temporary, t => Assert.Matches(@"/\.ckpt\.safetensors\.[0-9a-f]{32}\.tmp$", t));
        Assert.Empty(TemporaryFiles(_path)); // the save that went on removed (moved) its own
    }

    [Theory]
    [InlineData(0)]    // nothing fits: not even the header length
    [InlineData(20)]   // inside the header
    [InlineData(300)]  // inside the data
    public void AFullDiskLeavesTheOldFileIntactAndNoTemporaryFile(long room)
    {
        Save(_path, State(1), checksum: true);
        byte[] before = File.ReadAllBytes(_path);
        Seam.Value = new SaveSeam(WrapStream: s => new FullDisk(s, room));

        var e = Assert.Throws<IOException>(() => Save(_path, State(2), checksum: true));
        Assert.Equal($"Could not write '{_path}': {FullDisk.Message}. The file there is as it was before; check the free space and the permissions of '{_folder}'.", e.Message);
        Assert.Equal(before, File.ReadAllBytes(_path));
        Assert.Equal([_path], Directory.GetFiles(_folder));

        string fresh = Path.Combine(_folder, "fresh.safetensors");
        var first = Assert.Throws<IOException>(() => Save(fresh, State(2)));
        Assert.Contains("No file was written", first.Message);
        Assert.False(File.Exists(fresh));
    }

    [Fact]
    public void TemporaryFilesAreOnlyThoseOfTheGivenFile()
    {
        string guid = Guid.NewGuid().ToString("N");
        string[] names = [$".ckpt.safetensors.{guid}.tmp", $".other.safetensors.{guid}.tmp", ".ckpt.safetensors.notaguid.tmp", $"ckpt.safetensors.{guid}.tmp"];
        foreach (string name in names) File.WriteAllText(Path.Combine(_folder, name), "");
        Assert.Equal([Path.Combine(_folder, names[0])], TemporaryFiles(_path));
        Assert.Empty(TemporaryFiles(Path.Combine(_folder, "missing", "x.safetensors")));
    }
}
