using System.Globalization;
using System.Numerics;
using System.Text;
using RnnCourse.Files;

namespace RnnCourse.Training;

/// <summary>One optimizer step: its number (1 for the first update), the training loss, the gradient norm before clipping and the learning rate used.</summary>
public readonly record struct StepRecord(int Step, float Loss, float GradNorm, double LearningRate);

/// <summary>A validation result after step <paramref name="Step"/>: mean loss per token (nats) and perplexity e^loss.</summary>
public readonly record struct EvaluationRecord(int Step, double Loss, double Perplexity);

/// <summary>
/// What a training run measured, step by step: loss, gradient norm (‖g‖ before clipping, from
/// ClipGrad.Norm — the curve that shows exploding gradients) and learning rate, plus the validation
/// losses. Exported as CSV for plots and spreadsheets; a checkpoint carries it, so a resumed run's history
/// starts where the saved one ended. Chapter 4 (gradient-norm plots), chapter 5.
/// </summary>
public sealed class History
{
    /// <summary>The CSV header: one row per step; validation_loss is empty where no evaluation ran.</summary>
    public const string CsvHeader = "step,loss,grad_norm,learning_rate,validation_loss";

    private readonly List<StepRecord> _steps = [];
    private readonly List<EvaluationRecord> _evaluations = [];

    public IReadOnlyList<StepRecord> Steps => _steps;

    public IReadOnlyList<EvaluationRecord> Evaluations => _evaluations;

    public void Add(StepRecord record) => _steps.Add(record);

    public void Add(EvaluationRecord record) => _evaluations.Add(record);

    /// <summary>The training losses in step order.</summary>
    public float[] Losses => _steps.Select(s => s.Loss).ToArray();

    /// <summary>The gradient norms before clipping, in step order.</summary>
    public float[] GradNorms => _steps.Select(s => s.GradNorm).ToArray();

    /// <summary>
    /// The mean of the <paramref name="width"/> values ending at each position (of all before it, near the start): a
    /// step-by-step curve such as <see cref="Losses"/> or <see cref="GradNorms"/> made readable in a chart.
    /// </summary>
    public static double[] MovingMean<T>(IReadOnlyList<T> values, int width) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var means = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += double.CreateChecked(values[i]);
            if (i >= width) sum -= double.CreateChecked(values[i - width]);
            means[i] = sum / Math.Min(i + 1, width);
        }
        return means;
    }

    /// <summary>The learning rates, in step order.</summary>
    public double[] LearningRates => _steps.Select(s => s.LearningRate).ToArray();

    /// <summary>The history as CSV (<see cref="CsvHeader"/>), numbers in round-trip form.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        var validation = new Dictionary<int, double>();
        foreach (EvaluationRecord e in _evaluations) validation[e.Step] = e.Loss;
        var stepsSeen = new HashSet<int>();
        foreach (StepRecord s in _steps)
        {
            stepsSeen.Add(s.Step);
            csv.Append(Text(s.Step)).Append(',').Append(Text(s.Loss)).Append(',').Append(Text(s.GradNorm)).Append(',')
               .Append(Text(s.LearningRate)).Append(',');
            if (validation.TryGetValue(s.Step, out double v)) csv.Append(Text(v));
            csv.Append('\n');
        }
        foreach (EvaluationRecord e in _evaluations.Where(e => !stepsSeen.Contains(e.Step)))
            csv.Append(Text(e.Step)).Append(",,,,").Append(Text(e.Loss)).Append('\n'); // an evaluation before any step
        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/>, atomically (<see cref="AtomicFile"/>).</summary>
    public void SaveCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    /// <summary>Reads the text of <see cref="ToCsv"/>; a malformed line is refused with its number.</summary>
    public static History FromCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var history = new History();
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != CsvHeader)
            throw new FormatException($"A training history CSV starts with the header \"{CsvHeader}\".");
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].TrimEnd('\r').Split(',');
            if (cells.Length != 5)
                throw new FormatException($"History CSV line {i + 1} has {cells.Length} cells, expected 5 ({CsvHeader}).");
            try
            {
                int step = int.Parse(cells[0], CultureInfo.InvariantCulture);
                if (cells[1].Length > 0)
                    history.Add(new StepRecord(step, float.Parse(cells[1], CultureInfo.InvariantCulture),
                        float.Parse(cells[2], CultureInfo.InvariantCulture), double.Parse(cells[3], CultureInfo.InvariantCulture)));
                if (cells[4].Length > 0)
                {
                    double loss = double.Parse(cells[4], CultureInfo.InvariantCulture);
                    history.Add(new EvaluationRecord(step, loss, Math.Exp(loss)));
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"History CSV line {i + 1} (\"{lines[i]}\") holds a value that is not a number.", e);
            }
        }
        return history;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
