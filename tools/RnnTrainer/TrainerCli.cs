using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using RnnCourse.Tensors;

namespace RnnCourse.RnnTrainer;

/// <summary>
/// The rnn-train command: <c>train</c>, <c>sample</c> and <c>eval</c> for character language models — count-based
/// (bigram, n-gram) or recurrent (Elman, LSTM, GRU) — on a corpus of the course or a text file. Every failure ends
/// with one line saying what is wrong, with which file or option, and what to do, and one of the exit codes below.
/// </summary>
public static class TrainerCli
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>The command line is wrong: an unknown option or value, options that conflict or do not apply, other data than a checkpoint's, an output that would overwrite a file.</summary>
    public const int UsageError = 1;

    /// <summary>A file is missing, unreadable, damaged or cannot be written, or the data is not usable text.</summary>
    public const int DataError = 2;

    /// <summary>Training diverged (a NaN or ∞); the last checkpoint is kept.</summary>
    public const int Diverged = 3;

    /// <summary>Out of memory, or an unexpected error (a bug): --verbose shows the details.</summary>
    public const int Failed = 4;

    /// <summary>Stopped by SIGINT or SIGTERM; the run was saved to its checkpoint (when it has one).</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Runs the command line <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>;
    /// <paramref name="stop"/> stops a training run as SIGINT does.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        RootCommand root = BuildCommand(output, error, stop);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = parsed.CommandResult.Command is RootCommand ? "rnn-train" : $"rnn-train {parsed.CommandResult.Command.Name}";
            error.WriteLine($"rnn-train: {string.Join(" ", parsed.Errors.Select(e => Reworded(e.Message)))} See {command} --help.");
            return UsageError;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>A parse error of System.CommandLine in the words of this tool.</summary>
    private static string Reworded(string message)
    {
        Match wrongType = Regex.Match(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.$");
        if (wrongType.Success)
            return $"{wrongType.Groups[2].Value}: '{wrongType.Groups[1].Value}' is not {(wrongType.Groups[3].Value.EndsWith("Int32", StringComparison.Ordinal) ? "a whole number" : "a number")}.";
        return message == "Required command was not provided." ? "Give a command: train, sample or eval." : message.ReplaceLineEndings(" ");
    }

    /// <summary>The command tree; actions write to the given writers.</summary>
    public static RootCommand BuildCommand(TextWriter output, TextWriter error, CancellationToken stop = default)
    {
        var o = new Definitions();
        var train = new Command("train", "Train a model (count-based models just count) and report validation and test losses.");
        foreach (Option option in o.DataOptions.Concat(o.ModelOptions).Concat(o.TrainOptions).Concat(o.MachineOptions)) train.Options.Add(option);
        train.SetAction(parsed => Guarded(parsed, o, error, settings => settings.IsCountModel
            ? CountModelRunner.Train(settings, output)
            : NeuralRunner.Train(settings, output, error, stop)));

        var sample = new Command("sample", "Generate text from a checkpoint (or, for bigram and ngram, from counts of the data).");
        foreach (Option option in o.DataOptions.Concat(o.ModelOptions).Concat(o.MachineOptions).Concat(o.SampleOptions)) sample.Options.Add(option);
        sample.SetAction(parsed => Guarded(parsed, o, error, settings => settings.IsCountModel
            ? CountModelRunner.Sample(settings, output)
            : NeuralRunner.Sample(settings, output, error)));

        var eval = new Command("eval", "Mean loss per character and perplexity of a checkpoint (or count model) on a split.");
        foreach (Option option in o.DataOptions.Concat(o.ModelOptions).Concat(o.MachineOptions).Concat(o.EvalOptions)) eval.Options.Add(option);
        eval.SetAction(parsed => Guarded(parsed, o, error, settings => settings.IsCountModel
            ? CountModelRunner.Evaluate(settings, output)
            : NeuralRunner.Evaluate(settings, output, error)));

        return new RootCommand("rnn-train: train, sample and evaluate character language models of the RNN course.") { train, sample, eval };
    }

    /// <summary>The options, made anew for each command tree (an option remembers the commands it belongs to).</summary>
    private sealed class Definitions
    {
        // Data
        public readonly Option<string?> Data = new("--data") { Description = "A text file: one item per line (like names) or continuous text (like a play).", HelpName = "PATH" };
        public readonly Option<string?> CorpusOption = new Option<string?>("--corpus") { Description = "A corpus of the course instead of --data.", HelpName = "names|shakespeare" }.AcceptOnlyFromAmong("names", "shakespeare");
        public readonly Option<string> Format = new Option<string>("--format") { Description = "How to read --data: lines (each line a sentence), stream (one text, windows for truncated BPTT) or auto (lines when no line holds a space).", DefaultValueFactory = _ => "auto" }.AcceptOnlyFromAmong("auto", "lines", "stream");
        public readonly Option<int?> SplitSeed = new("--split-seed") { Description = "Seed of the train/validation/test split of line data (default 42, as Corpus.Names; eval and sample use the checkpoint's)." };

        // Model
        public readonly Option<string> Model = new Option<string>("--model") { Description = "bigram and ngram count; elman, lstm and gru are recurrent networks trained by AdamW.", DefaultValueFactory = _ => "lstm" }.AcceptOnlyFromAmong("bigram", "ngram", "elman", "lstm", "gru");
        public readonly Option<int> Order = new("--order") { Description = "n of the ngram model (the bigram is 2).", DefaultValueFactory = _ => 3 };
        public readonly Option<string?> Smoothing = new Option<string?>("--smoothing") { Description = "Smoothing of the count models (default: add-delta for bigram, kneser-ney for ngram).", HelpName = "add-delta|kneser-ney" }.AcceptOnlyFromAmong("add-delta", "kneser-ney");
        public readonly Option<double> Delta = new("--delta") { Description = "δ of add-delta smoothing (1 is Laplace, makemore's +1).", DefaultValueFactory = _ => 1.0 };
        public readonly Option<int> Hidden = new("--hidden") { Description = "H, the width of the recurrent state.", DefaultValueFactory = _ => 128 };
        public readonly Option<int> Layers = new("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        public readonly Option<int?> Embedding = new("--embedding") { Description = "Width of a character's embedding (default: --hidden)." };
        public readonly Option<float> Dropout = new("--dropout") { Description = "Dropout on the embedding, between layers and before the head.", DefaultValueFactory = _ => 0f };

        // Optimisation
        public readonly Option<int> Batch = new("--batch") { Description = "B: sentences per batch, or parallel tracks of a stream.", DefaultValueFactory = _ => 32 };
        public readonly Option<int> Seq = new("--seq") { Description = "T: the window of truncated BPTT on a stream.", DefaultValueFactory = _ => 64 };
        public readonly Option<double> Lr = new("--lr") { Description = "Peak learning rate of AdamW.", DefaultValueFactory = _ => 2e-3 };
        public readonly Option<double> WeightDecay = new("--weight-decay") { Description = "AdamW's decoupled weight decay.", DefaultValueFactory = _ => 0.01 };
        public readonly Option<string> Schedule = new Option<string>("--schedule") { Description = "cosine: linear warm-up then cosine decay to --min-lr; constant: --lr throughout.", DefaultValueFactory = _ => "cosine" }.AcceptOnlyFromAmong("cosine", "constant");
        public readonly Option<int?> Warmup = new("--warmup") { Description = "Warm-up steps (default: 10% of --steps, at most 100)." };
        public readonly Option<double?> MinLr = new("--min-lr") { Description = "The cosine's final learning rate (default: --lr / 10)." };
        public readonly Option<float> Clip = new("--clip") { Description = "Largest gradient norm; larger gradients are rescaled (ClipGrad.Norm).", DefaultValueFactory = _ => 1f };
        public readonly Option<int> Steps = new("--steps") { Description = "Optimizer steps in all (a resumed run counts the saved ones).", DefaultValueFactory = _ => 1000 };
        public readonly Option<int> EvalEvery = new("--eval-every") { Description = "Steps between validation evaluations and checkpoints (0: only at the end).", DefaultValueFactory = _ => 200 };
        public readonly Option<int> EvalBatches = new("--eval-batches") { Description = "Validation batches per evaluation (0: all).", DefaultValueFactory = _ => 0 };
        public readonly Option<int> LogEvery = new("--log-every") { Description = "Steps between progress lines when the output is not a terminal.", DefaultValueFactory = _ => 10 };
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of the weights, dropout, shuffles and samples.", DefaultValueFactory = _ => 42 };

        // Machine and files
        public readonly Option<string> Device = new Option<string>("--device") { Description = "cpu (the only backend built).", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda");
        public readonly Option<int?> Threads = new("--threads") { Description = "Threads for the kernels (default: RNN_COURSE_THREADS, else every core)." };
        public readonly Option<string?> CheckpointOption = new("--checkpoint") { Description = "The model file (safetensors): written while training, read by sample and eval.", HelpName = "PATH" };
        public readonly Option<bool> Resume = new("--resume") { Description = "Continue training from --checkpoint (run the same command with --resume)." };
        public readonly Option<bool> Overwrite = new("--overwrite") { Description = "Replace the checkpoint (and history) of an earlier run instead of refusing to write over it." };
        public readonly Option<bool> Verbose = new("--verbose") { Description = "On a failure, print the details (the exception and where it was thrown) after the one-line message." };
        public readonly Option<string?> HistoryOption = new("--history") { Description = "Write loss, gradient norm and learning rate per step as CSV.", HelpName = "PATH" };

        // Sampling and evaluation
        public readonly Option<int> Count = new("--count") { Description = "How many samples (names, or passages of a stream).", DefaultValueFactory = _ => 10 };
        public readonly Option<int?> Length = new("--length") { Description = "Most characters per sample (default: 30 for lines, 500 for a stream)." };
        public readonly Option<float> Temperature = new("--temperature") { Description = "Softmax temperature; 0 is greedy.", DefaultValueFactory = _ => 1f };
        public readonly Option<int?> TopK = new("--top-k") { Description = "Draw only among the k most likely characters." };
        public readonly Option<double?> TopP = new("--top-p") { Description = "Draw only from the nucleus of probability mass p." };
        public readonly Option<string> Prime = new("--prime") { Description = "Text the samples start with.", DefaultValueFactory = _ => "" };
        public readonly Option<string?> Split = new Option<string?>("--split") { Description = "Which part to evaluate (default: test for lines, validation for a stream).", HelpName = "train|validation|test" }.AcceptOnlyFromAmong("train", "validation", "test");
        public readonly Option<bool> OtherData = new("--other-data") { Description = "Score the checkpoint on data other than it was trained on (--data or --corpus); characters it does not know count as <unk>, and their share is reported." };

        public Option[] DataOptions => [Data, CorpusOption, Format, SplitSeed];
        public Option[] ModelOptions => [Model, Order, Smoothing, Delta, Hidden, Layers, Embedding, Dropout];
        public Option[] TrainOptions => [Batch, Seq, Lr, WeightDecay, Schedule, Warmup, MinLr, Clip, Steps, EvalEvery, EvalBatches, LogEvery, Seed, Resume, Overwrite, HistoryOption];
        public Option[] MachineOptions => [Device, Threads, CheckpointOption, Verbose];
        public Option[] SampleOptions => [Count, Length, Temperature, TopK, TopP, Prime, Seed];
        public Option[] EvalOptions => [Split, Batch, Seq, OtherData];
    }

    /// <summary>
    /// Reads the settings, applies --threads (capped at the cores), runs <paramref name="action"/>, and turns every exception
    /// into one line on <paramref name="error"/> and its exit code; --verbose adds the exception's details.
    /// </summary>
    private static int Guarded(ParseResult parsed, Definitions o, TextWriter error, Func<Settings, int> action)
    {
        try
        {
            Settings settings = Read(parsed, o);
            settings.Validate();
            if (settings.Threads is int threads)
            {
                if (threads > Environment.ProcessorCount)
                    error.WriteLine($"rnn-train: note: --threads {threads} is more than the {Environment.ProcessorCount} cores of this machine; using {threads = Environment.ProcessorCount}.");
                Parallelism.MaxThreads = threads;
            }
            return action(settings);
        }
        catch (Exception e)
        {
            var (code, message) = Failure(e);
            error.WriteLine($"rnn-train: {message}");
            if (parsed.GetValue(o.Verbose)) error.WriteLine(e.ToString());
            return code;
        }
    }

    /// <summary>The exit code and the one-line message (after "rnn-train: ") that a failure ends with.</summary>
    public static (int ExitCode, string Message) Failure(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (code, message) = e switch
        {
            UsageException => (UsageError, e.Message),
            IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException or ArgumentException or InvalidOperationException => (DataError, e.Message),
            OutOfMemoryException => (Failed, "Out of memory: lower --hidden, --layers, --batch or --seq, or train on a smaller text."),
            _ => (Failed, $"Unexpected {e.GetType().Name}: {e.Message} This is a bug in rnn-train: run the command again with --verbose and report what it prints."),
        };
        return (code, message.ReplaceLineEndings(" "));
    }

    private static Settings Read(ParseResult p, Definitions o)
    {
        T Get<T>(Option<T> option, T fallback) => p.CommandResult.Command.Options.Contains(option) ? p.GetValue(option)! : fallback;
        var d = new Settings();
        return new Settings
        {
            Command = p.CommandResult.Command.Name,
            Arguments = p.Tokens.Select(t => t.Value).ToArray(),
            Given = p.CommandResult.Children.OfType<OptionResult>().Where(r => !r.Implicit).Select(r => r.Option.Name).ToHashSet(),
            DataPath = Get(o.Data, d.DataPath),
            Corpus = Get(o.CorpusOption, d.Corpus),
            Format = Get(o.Format, d.Format),
            SplitSeed = Get(o.SplitSeed, d.SplitSeed),
            Model = Get(o.Model, d.Model),
            Order = Get(o.Order, d.Order),
            Smoothing = Get(o.Smoothing, d.Smoothing),
            Delta = Get(o.Delta, d.Delta),
            Hidden = Get(o.Hidden, d.Hidden),
            Layers = Get(o.Layers, d.Layers),
            Embedding = Get(o.Embedding, d.Embedding),
            Dropout = Get(o.Dropout, d.Dropout),
            Batch = Get(o.Batch, d.Batch),
            Seq = Get(o.Seq, d.Seq),
            LearningRate = Get(o.Lr, d.LearningRate),
            WeightDecay = Get(o.WeightDecay, d.WeightDecay),
            Schedule = Get(o.Schedule, d.Schedule),
            Warmup = Get(o.Warmup, d.Warmup),
            MinLearningRate = Get(o.MinLr, d.MinLearningRate),
            Clip = Get(o.Clip, d.Clip),
            Steps = Get(o.Steps, d.Steps),
            EvalEvery = Get(o.EvalEvery, d.EvalEvery),
            EvalBatches = Get(o.EvalBatches, d.EvalBatches),
            LogEvery = Get(o.LogEvery, d.LogEvery),
            Seed = Get(o.Seed, d.Seed),
            Device = Get(o.Device, d.Device),
            Threads = Get(o.Threads, d.Threads),
            Checkpoint = Get(o.CheckpointOption, d.Checkpoint),
            Resume = Get(o.Resume, d.Resume),
            Overwrite = Get(o.Overwrite, d.Overwrite),
            HistoryPath = Get(o.HistoryOption, d.HistoryPath),
            Count = Get(o.Count, d.Count),
            Length = Get(o.Length, d.Length),
            Temperature = Get(o.Temperature, d.Temperature),
            TopK = Get(o.TopK, d.TopK),
            TopP = Get(o.TopP, d.TopP),
            Prime = Get(o.Prime, d.Prime),
            Split = Get(o.Split, d.Split),
            OtherData = Get(o.OtherData, d.OtherData),
        };
    }
}
