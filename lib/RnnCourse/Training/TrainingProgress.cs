using System.Diagnostics;
using System.Globalization;

namespace RnnCourse.Training;

/// <summary>
/// Progress output of a training run. On a terminal: one bar redrawn in place (carriage return), at most
/// ten times a second. Anywhere else — a log file, a notebook cell, a test — one compact line every
/// <c>logEvery</c> steps, with the mean loss since the previous line. Messages (evaluations, stops) always
/// get their own line.
/// </summary>
public sealed class TrainingProgress
{
    private const int BarWidth = 24;
    private readonly TextWriter? _writer;
    private readonly int _totalSteps, _logEvery;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private double _lossSum;
    private int _lossCount;
    private bool _barOnScreen;

    /// <param name="writer">where to write; null writes nothing.</param>
    /// <param name="totalSteps">the step the run ends at, for "120/1000" and the bar.</param>
    /// <param name="logEvery">steps between lines when not drawing a bar (≥ 1).</param>
    /// <param name="bar">draw a bar; null: when <paramref name="writer"/> is the console and the console is a terminal.</param>
    public TrainingProgress(TextWriter? writer, int totalSteps, int logEvery = 10, bool? bar = null)
    {
        if (logEvery < 1) throw new ArgumentOutOfRangeException(nameof(logEvery), logEvery, "Progress: logEvery must be at least 1 step.");
        _writer = writer;
        _totalSteps = totalSteps;
        _logEvery = logEvery;
        Bar = writer is not null && (bar ?? IsTerminal(writer));
    }

    /// <summary>True when a bar is drawn in place, false for one line every few steps.</summary>
    public bool Bar { get; }

    /// <summary>True when <paramref name="writer"/> is the console and the console is an interactive terminal.</summary>
    public static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Reports a finished step.</summary>
    public void Report(StepRecord record, double tokensPerSecond)
    {
        if (_writer is null) return;
        _lossSum += record.Loss;
        _lossCount++;
        bool last = record.Step >= _totalSteps;
        if (Bar)
        {
            if (!last && _sinceDraw.ElapsedMilliseconds < 100) return;
            int filled = _totalSteps <= 0 ? BarWidth : (int)Math.Min(BarWidth, (long)BarWidth * record.Step / _totalSteps);
            _writer.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {Describe(record, tokensPerSecond)}   ");
            _writer.Flush();
            _barOnScreen = true;
            _sinceDraw.Restart();
            ResetMean();
            if (last) EndBar();
        }
        else if (record.Step % _logEvery == 0 || last)
        {
            _writer.WriteLine(Describe(record, tokensPerSecond));
            _writer.Flush();
            ResetMean();
        }
    }

    /// <summary>Writes <paramref name="message"/> on its own line (after ending a bar in progress).</summary>
    public void Message(string message)
    {
        if (_writer is null) return;
        EndBar();
        _writer.WriteLine(message);
        _writer.Flush();
    }

    private void EndBar()
    {
        if (!_barOnScreen) return;
        _writer!.WriteLine();
        _barOnScreen = false;
    }

    private void ResetMean()
    {
        _lossSum = 0;
        _lossCount = 0;
    }

    private string Describe(StepRecord record, double tokensPerSecond)
    {
        int width = _totalSteps.ToString(CultureInfo.InvariantCulture).Length;
        string step = record.Step.ToString(CultureInfo.InvariantCulture).PadLeft(width);
        double loss = _lossCount > 0 ? _lossSum / _lossCount : record.Loss;
        return string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{_totalSteps}  loss {loss:F4}  |g| {record.GradNorm:G3}  lr {record.LearningRate:0.00e+00}  {tokensPerSecond:N0} tok/s");
    }
}
