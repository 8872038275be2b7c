using RnnCourse.NGrams;

namespace RnnCourse.Tests.NGrams;

public sealed class NGramCountsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ngram-counts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static NGramCounts RandomCounts()
    {
        var random = new Random(11);
        return NGramCounts.FromStream(Enumerable.Range(0, 500).Select(_ => random.Next(9)).ToArray(), 4, 10);
    }

    [Fact]
    public void SavedCountsLoadWithTheSameProbabilities()
    {
        var counts = RandomCounts();
        string path = Path.Combine(_folder, "counts.bin");
        counts.Save(path);
        var loaded = NGramCounts.Load(path);
        Assert.Equal(counts.Order, loaded.Order);
        Assert.Equal(counts.VocabularySize, loaded.VocabularySize);
        for (int k = 1; k <= 4; k++)
            Assert.Equal(counts.NGramsOfOrder(k).Select(p => (string.Join(",", p.Tokens), p.Count)).Order(),
                         loaded.NGramsOfOrder(k).Select(p => (string.Join(",", p.Tokens), p.Count)).Order());
        var before = new KneserNeyModel(counts);
        var after = new KneserNeyModel(loaded);
        var random = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            int[] context = Enumerable.Range(0, 3).Select(_ => random.Next(10)).ToArray();
            int token = random.Next(10);
            Assert.Equal(before.Probability(context, token), after.Probability(context, token));
        }
    }

    [Fact]
    public void RefusesADamagedFile()
    {
        string path = Path.Combine(_folder, "counts.bin");
        RandomCounts().Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => NGramCounts.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("checksum", error.Message);
        Assert.Contains("Count the corpus again", error.Message);
    }

    [Fact]
    public void RefusesATruncatedOrForeignFile()
    {
        string path = Path.Combine(_folder, "counts.bin");
        RandomCounts().Save(path);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => NGramCounts.Load(path)).Message);
        File.WriteAllText(path, "{\"not\": \"counts\"}");
        Assert.Contains("RNNGRAMS", Assert.Throws<InvalidDataException>(() => NGramCounts.Load(path)).Message);
        Assert.Throws<FileNotFoundException>(() => NGramCounts.Load(Path.Combine(_folder, "missing.bin")));
    }
}
