using RnnCourse.Files;
using RnnCourse.NGrams;
using RnnCourse.Plots;
using RnnCourse.Tests.Support;
using RnnCourse.Training;

namespace RnnCourse.Tests.Files;

public class AtomicFileTests
{
    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.File("chapter.ipynb");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new ✓");

        Assert.Equal("new ✓", File.ReadAllText(path));
        Assert.Equal([0x6E, 0x65, 0x77], File.ReadAllBytes(path)[..3]); // UTF-8 without a byte-order mark
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_write_that_fails_half_way_leaves_the_old_file_whole_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.File("chapter.ipynb");
        File.WriteAllText(path, "the committed notebook");

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            new FullDisk(stream, room: 4).Write("{ \"cells\": ["u8);   // the disk fills up after 4 bytes
        }));

        Assert.Equal(FullDisk.Message, error.Message);
        Assert.Equal("the committed notebook", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_failed_first_write_creates_nothing()
    {
        using var folder = new TempFolder();
        string path = folder.File("new.ipynb");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void The_temporary_file_lies_beside_the_target_and_TemporaryFiles_finds_only_those_of_that_target()
    {
        using var folder = new TempFolder();
        string path = folder.File(Path.Combine("runs", "history.csv"));   // the folder is made
        string? seen = null;
        AtomicFile.Write(path, (stream, temporary) =>
        {
            seen = temporary;
            Assert.Equal([temporary], AtomicFile.TemporaryFiles(path));    // what a kill at this point would leave
            stream.Write("step\n"u8);
        });

        Assert.Matches(@"^\.history\.csv\.[0-9a-f]{32}\.tmp$", Path.GetFileName(seen));
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(seen));
        Assert.Empty(AtomicFile.TemporaryFiles(path));
        File.WriteAllText(folder.File(Path.Combine("runs", $".other.csv.{Guid.NewGuid():N}.tmp")), "");
        Assert.Empty(AtomicFile.TemporaryFiles(path));
        Assert.Empty(AtomicFile.TemporaryFiles(folder.File(Path.Combine("missing", "history.csv"))));
    }

    [Fact]
    public void The_library_writes_histories_charts_and_count_files_atomically()
    {
        using var folder = new TempFolder();
        var history = new History();
        history.Add(new StepRecord(1, 2.5f, 1f, 1e-3));
        string csv = folder.File("history.csv"), svg = folder.File("chart.svg"), counts = folder.File("counts.bin");
        foreach (string path in new[] { csv, svg, counts }) File.WriteAllText(path, "old");

        history.SaveCsv(csv);
        Chart.Line(new[] { 1, 2 }, new[] { 1.0, 2.0 }).SaveSvg(svg);
        NGramCounts.FromStream([0, 1, 0, 1], 2, 2).Save(counts);

        Assert.Equal(history.ToCsv(), File.ReadAllText(csv));
        Assert.StartsWith("<svg", File.ReadAllText(svg));
        Assert.Equal(2, NGramCounts.Load(counts).Order);
        Assert.Equal(3, Directory.GetFiles(folder.Path).Length);   // no temporary file left
    }
}
