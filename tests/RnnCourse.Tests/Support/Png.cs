using System.Buffers.Binary;
using System.IO.Compression;

namespace RnnCourse.Tests.Support;

/// <summary>
/// A decoded PNG: 8-bit RGBA pixels, row-major. Reads what browsers write for screenshots (8-bit greyscale,
/// grey+alpha, RGB, RGBA or palette; not interlaced), enough to check a rendering without an image library.
/// </summary>
public sealed class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private Png(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Width x Height x 4 bytes: red, green, blue, alpha.</summary>
    public byte[] Rgba { get; }

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = (y * Width + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }
    }

    public static Png Read(string path) => Decode(File.ReadAllBytes(path));

    public static Png Decode(byte[] file)
    {
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException("Not a PNG file (bad signature).");
        int width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        var position = 8;
        while (position + 8 <= file.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
            var type = System.Text.Encoding.ASCII.GetString(file, position + 4, 4);
            var data = file.AsSpan(position + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    interlace = data[12];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            if (type == "IEND") break;
            position += 12 + length; // length, type, data, CRC
        }
        if (bitDepth != 8 || interlace != 0)
            throw new NotSupportedException($"Only 8-bit non-interlaced PNGs are read here (bit depth {bitDepth}, interlace {interlace}).");
        var channels = colorType switch
        {
            0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4,
            _ => throw new InvalidDataException($"Unknown PNG colour type {colorType}."),
        };

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        zlib.ReadExactly(raw);

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            var current = pixels.AsSpan(y * stride, stride);
            var previous = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? current[i - channels] : 0;
                int up = previous[i];
                int upLeft = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter} on row {y}."),
                });
            }
        }

        var rgba = new byte[width * height * 4];
        for (var p = 0; p < width * height; p++)
        {
            var s = pixels.AsSpan(p * channels, channels);
            (byte r, byte g, byte b, byte a) = colorType switch
            {
                0 => (s[0], s[0], s[0], (byte)255),
                2 => (s[0], s[1], s[2], (byte)255),
                3 => (palette![s[0] * 3], palette[s[0] * 3 + 1], palette[s[0] * 3 + 2], (byte)255),
                4 => (s[0], s[0], s[0], s[1]),
                _ => (s[0], s[1], s[2], s[3]),
            };
            rgba[p * 4] = r;
            rgba[p * 4 + 1] = g;
            rgba[p * 4 + 2] = b;
            rgba[p * 4 + 3] = a;
        }
        return new Png(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
