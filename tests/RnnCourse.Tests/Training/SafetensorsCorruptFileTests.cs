using System.Buffers.Binary;
using System.Text;
using RnnCourse.Tensors;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Corrupt, truncated and foreign files are refused with a message naming the file and the tensor.</summary>
public sealed class SafetensorsCorruptFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rnncourse-stbad-" + Guid.NewGuid().ToString("N"));

    public SafetensorsCorruptFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a file by hand: the length prefix (the header's true length unless overridden), the header, the data.</summary>
    private string Write(string header, int dataBytes, ulong? headerLength = null)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".safetensors");
        byte[] h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Info(string name, string shape, long begin, long end, string dtype = "F32")
        => $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{shape}],\"data_offsets\":[{begin},{end}]}}";

    private static void Refused(string path, params string[] fragments)
    {
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void AFileShorterThanTheLengthPrefix()
    {
        string path = Path.Combine(_folder, "short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Refused(path, "3 bytes long", "too short");
    }

    [Fact]
    public void AHeaderLengthBeyondTheEndOfTheFile()
        => Refused(Write("{}", 0, headerLength: 64), "header length is 64 bytes but only 2 bytes follow", "truncated");

    [Fact]
    public void AHeaderLengthBeyondTheLimit()
        => Refused(Write("{}", 0, headerLength: 1UL << 40), "more than the 100000000 allowed");

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("not json at all")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",}}")]
    public void AHeaderThatIsNotJson(string header) => Refused(Write(header, 0), "not valid JSON");

    [Fact]
    public void AHeaderThatIsNotAnObject() => Refused(Write("[1, 2]", 0), "not an object");

    [Fact]
    public void ATensorEndingPastTheData()
        => Refused(Write("{" + Info("w", "4", 0, 16) + "}", 12), "tensor 'w'", "[0, 16]", "only 12 bytes", "truncated");

    [Fact]
    public void AFileCutShortAfterSaving()
    {
        string path = Path.Combine(_folder, "cut.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Torch.Ones(4), ["b"] = Torch.Ones(8) });
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        Refused(path, "tensor 'b'", "truncated");
    }

    [Fact]
    public void OverlappingTensors()
        => Refused(Write("{" + Info("a", "2", 0, 8) + "," + Info("b", "2", 4, 12) + "}", 12),
            "tensor 'b' begins at byte 4, inside 'a', which ends at 8", "overlapping");

    [Fact]
    public void AGapBetweenTensors()
        => Refused(Write("{" + Info("a", "1", 0, 4) + "," + Info("b", "1", 8, 12) + "}", 12),
            "tensor 'b' begins at byte 8 but 'a' ends at 4", "gap of 4 bytes");

    [Fact]
    public void AGapBeforeTheFirstTensor()
        => Refused(Write("{" + Info("a", "1", 4, 8) + "}", 8), "tensor 'a' begins at byte 4 but the data section begins at 0");

    [Fact]
    public void BytesAfterTheLastTensor()
        => Refused(Write("{" + Info("a", "1", 0, 4) + "}", 12), "end at byte 4", "12 bytes long", "8 bytes no tensor claims");

    [Fact]
    public void AShapeThatDoesNotMatchTheByteLength()
        => Refused(Write("{" + Info("w", "2,3", 0, 20) + "}", 20), "tensor 'w'", "6 F32 values, 24 bytes", "span 20 bytes");

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("I64")]
    public void ADtypeOtherThanF32(string dtype)
    {
        string path = Write("{" + Info("emb", "2", 0, 4, dtype) + "}", 4);
        var e = Assert.Throws<NotSupportedException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"tensor 'emb' has dtype {dtype}; only F32 is supported", e.Message);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "tensor 'w' has no \"shape\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "dimension 0 is not a non-negative")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "tensor 'w' has data_offsets [4,0]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "tensor 'w' has data_offsets [0]")]
    [InlineData("{\"w\":[1,2]}", "tensor 'w' is described by a JSON Array")]
    [InlineData("{\"__metadata__\":{\"epoch\":3}}", "metadata 'epoch' is Number, not a string")]
    public void MalformedTensorDescriptions(string header, string message) => Refused(Write(header, 4), message);

    [Fact]
    public void ATensorNamedTwice()
        => Refused(Write("{" + Info("w", "1", 0, 4) + "," + Info("w", "1", 4, 8) + "}", 8), "'w' appears twice");
}
