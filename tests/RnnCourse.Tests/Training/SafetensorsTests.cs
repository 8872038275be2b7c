using System.Buffers.Binary;
using System.Text;
using RnnCourse.Tensors;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Safetensors files: bit-exact round trips, the byte layout checked by hand, and atomic writes.</summary>
public sealed class SafetensorsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rnncourse-st-" + Guid.NewGuid().ToString("N"));

    public SafetensorsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static int[] Bits(Tensor t) => t.Data.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void RoundTripIsBitExactWithShapesNamesAndMetadata()
    {
        var state = new Dictionary<string, Tensor>
        {
            ["rnn.weight_ih_l0"] = Torch.Randn(new Generator(1), 8, 3),
            ["rnn.bias_hh_l0"] = Torch.FromArray([float.NaN, -0f, float.PositiveInfinity, float.Epsilon, -3.4e38f, 1f / 3]),
            ["step"] = Torch.Scalar(42f),
            ["empty"] = Torch.Zeros(0, 4),
            ["embedding.weight"] = Torch.Randn(new Generator(2), 2, 3, 5),
        };
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "quote \" backslash \\ newline \n tab \t é ✓" };
        string path = PathOf("model.safetensors");
        Safetensors.Save(path, state, metadata);

        var (tensors, meta) = Safetensors.Load(path);
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), tensors.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in state)
        {
            Assert.Equal(expected.Shape, tensors[name].Shape);
            Assert.Equal(Bits(expected), Bits(tensors[name]));
        }
        Assert.Equal(metadata, meta);
    }

    [Fact]
    public void AFileWithoutMetadataLoadsWithEmptyMetadata()
    {
        string path = PathOf("plain.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Torch.Ones(2) });
        Assert.DoesNotContain("__metadata__", Encoding.UTF8.GetString(File.ReadAllBytes(path)));
        Assert.Empty(Safetensors.Load(path).Metadata);
    }

    [Fact]
    public void ByteLayoutIsTheReferenceOne()
    {
        string path = PathOf("tiny.safetensors");
        Safetensors.Save(path,
            new Dictionary<string, Tensor> { ["b"] = Torch.FromArray([1f, 2f]), ["a"] = Torch.Scalar(3f) },
            new Dictionary<string, string> { ["z"] = "last", ["format"] = "pt" });
        byte[] bytes = File.ReadAllBytes(path);

        // Compact JSON, metadata first with sorted keys, then the tensors in name order with contiguous offsets.
        const string json = "{\"__metadata__\":{\"format\":\"pt\",\"z\":\"last\"}," +
                            "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}," +
                            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        int padded = (json.Length + 7) / 8 * 8;
        Assert.Equal(0, padded % 8);
        Assert.Equal((ulong)padded, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(json + new string(' ', padded - json.Length), Encoding.UTF8.GetString(bytes, 8, padded));
        Assert.Equal(8 + padded + 12, bytes.Length);
        float[] data = [3f, 1f, 2f]; // a, then b
        for (int i = 0; i < 3; i++)
            Assert.Equal(data[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + padded + 4 * i)));
    }

    [Fact]
    public void AHeaderAlreadyAMultipleOfEightGetsNoPadding()
    {
        // {"xyz":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} is 56 bytes.
        string path = PathOf("aligned.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["xyz"] = Torch.FromArray([5f]) });
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(56UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal((byte)'}', bytes[8 + 55]);
    }

    [Fact]
    public void SavingLeavesNoTemporaryFileAndReplacesTheOldOne()
    {
        string path = PathOf("ckpt.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Torch.Ones(3) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["y"] = Torch.Zeros(2) });
        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal(["y"], Safetensors.Load(path).Tensors.Keys);
    }

    [Fact]
    public void AFailedMoveRemovesTheTemporaryFile()
    {
        string target = PathOf("is-a-folder");
        Directory.CreateDirectory(target);
        Assert.ThrowsAny<Exception>(() => Safetensors.Save(target, new Dictionary<string, Tensor> { ["x"] = Torch.Ones(1) }));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void SavingCreatesTheFolder()
    {
        string path = Path.Combine(_folder, "runs", "a", "last.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Torch.Ones(1) });
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("__metadata__")]
    public void RefusesNamesTheFormatCannotHold(string name)
    {
        string path = PathOf("bad-name.safetensors");
        var e = Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { [name] = Torch.Ones(1) }));
        Assert.Contains(path, e.Message);
        Assert.False(File.Exists(path));
    }
}
