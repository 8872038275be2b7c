using RnnCourse.RnnTrainer.Tests.Support;

namespace RnnCourse.RnnTrainer.Tests;

/// <summary>Data that is not text, lines too long to be one item, or nothing to learn: refused with the line or byte offset (exit 2).</summary>
public sealed class InputGuardTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (string Path, Cli.Result Run) Train(byte[] bytes, params string[] more)
    {
        string path = _folder.File("data.txt");
        File.WriteAllBytes(path, bytes);
        return (path, Cli.Run(["train", "--data", path, "--model", "gru", "--hidden", "8", "--steps", "2", "--eval-every", "0", .. more]));
    }

    private static void Refused(Cli.Result run, string message)
    {
        Assert.Equal(TrainerCli.DataError, run.ExitCode);
        Assert.Equal([$"rnn-train: {message}"], run.ErrorLines);
        Assert.DoesNotContain("step 1/", run.Output);
    }

    [Fact]
    public void ABinaryFileIsRefusedAtItsFirstNulByte()
    {
        var (path, run) = Train([.. "emma\nolivia\n"u8, 0x50, 0x4B, 0x00, 0x03]);
        Refused(run, $"--data '{path}': byte 14 (line 3) is a NUL byte, so this is a binary file, not text; give a UTF-8 text file.");
    }

    [Fact]
    public void TextInAnotherEncodingIsRefusedWithTheOffsetAndLine()
    {
        var (path, run) = Train([.. "emma\nren"u8, 0xE9, .. "e\nzoe\n"u8]); // Latin-1 é
        Refused(run, $"--data '{path}': the bytes at offset 8 (line 2) are not UTF-8; convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8 FILE > FILE.utf8).");
    }

    [Fact]
    public void ALineLongerThanTheLimitIsRefusedAsLinesAndReadsAsAStream()
    {
        string text = "emma\nolivia\n" + new string('x', TextData.MaxLineLength + 1) + "\nava\n";
        var (path, run) = Train(System.Text.Encoding.UTF8.GetBytes(text));
        Refused(run, $"--data: line 3 of '{path}' is 1,001 characters long, more than the 1,000 a line may hold when the file is read as lines " +
                     "(one name or word per line); read it as one text with --format stream.");
        var stream = Cli.Run("train", "--data", path, "--format", "stream", "--model", "gru", "--hidden", "8", "--batch", "2", "--seq", "8", "--steps", "2", "--eval-every", "0");
        Assert.True(stream.ExitCode == 0, stream.Error);
    }

    [Fact]
    public void AFileWithNothingToLearnIsRefused()
    {
        var (path, run) = Train(" \n\t\n  \n"u8.ToArray());
        Refused(run, $"--data: '{path}' has 0 non-blank lines; reading it as lines needs at least 3 (train, validation, test).");
        var (empty, none) = Train([0xEF, 0xBB, 0xBF]); // a byte-order mark alone
        Refused(none, $"--data: '{empty}' is empty; give a text file with something to learn.");
    }
}
