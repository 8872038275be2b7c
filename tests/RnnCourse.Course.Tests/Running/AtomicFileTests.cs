using RnnCourse.CourseTool.Tests.Support;

namespace RnnCourse.CourseTool.Tests.Running;

public class AtomicFileTests
{
    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("chapter.ipynb", "old");

        AtomicFile.WriteAllText(path, "new ✓");

        Assert.Equal("new ✓", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_write_that_fails_half_way_leaves_the_old_file_whole_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("chapter.ipynb", "the committed notebook");

        // The disk fills up after the first bytes are written.
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{ \"cells\": ["u8);
            throw new IOException("No space left on device");
        }));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal("the committed notebook", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_failed_first_write_creates_nothing()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("new.ipynb");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
