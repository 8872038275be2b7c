namespace RnnCourse.RnnTrainer.Tests.Support;

/// <summary>A folder holding the tiny names text, and the command line of a short GRU run on it that saves a checkpoint.</summary>
public sealed class TinyRun : IDisposable
{
    public TinyRun()
    {
        Data = Folder.File("names.txt");
        File.WriteAllText(Data, TinyTexts.Names());
        Checkpoint = Folder.File("gru.safetensors");
    }

    public TempFolder Folder { get; } = new();

    /// <summary>The data file.</summary>
    public string Data { get; }

    /// <summary>The checkpoint the run writes.</summary>
    public string Checkpoint { get; }

    /// <summary>"gru.best.safetensors" beside the checkpoint.</summary>
    public string Best => Folder.File("gru.best.safetensors");

    /// <summary>train: a GRU of 16 on the names, batches of 8, <paramref name="steps"/> steps, evaluated and saved every 4, a progress line per step.</summary>
    public string[] Train(int steps = 8, params string[] more) =>
        ["train", "--data", Data, "--model", "gru", "--hidden", "16", "--batch", "8", "--lr", "0.01", "--steps", $"{steps}", "--eval-every", "4",
         "--log-every", "1", "--checkpoint", Checkpoint, .. more];

    /// <summary><paramref name="args"/> with <paramref name="option"/>'s value replaced by <paramref name="value"/>, or the option added.</summary>
    public static string[] With(string[] args, string option, string value)
    {
        int at = Array.IndexOf(args, option);
        return at < 0 ? [.. args, option, value] : [.. args[..(at + 1)], value, .. args[(at + 2)..]];
    }

    /// <summary>Every file of the folder and its bytes, but the temporary files of saves (".NAME.&lt;guid&gt;.tmp").</summary>
    public Dictionary<string, byte[]> Files() =>
        Directory.GetFiles(Folder.Path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
                 .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    public void Dispose() => Folder.Dispose();
}
