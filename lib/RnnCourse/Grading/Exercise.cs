using System.Globalization;
using RnnCourse.Tensors;

namespace RnnCourse.Grading;

/// <summary>
/// The checks of one graded exercise. Every failure is an <see cref="ExerciseFailedException"/> whose message names
/// the exercise and isolates the mistake: a wrong shape names both shapes, wrong values the first differing index,
/// both values and the tolerance, and a known mistake its likely cause ("did you multiply in the wrong order?").
/// </summary>
/// <example>
/// <code>
/// var exercise = new Exercise("3.1", "ElmanUnit.Forward");
/// var h = exercise.Run(() => unit.Forward(x, h0));                       // the student's code
/// exercise.Shape(h, [2, 16], "h", ([16, 2], "did you multiply in the wrong order?"));
/// exercise.Close(h, expected, "h", tolerance: 1e-6);
/// exercise.Passed();
/// </code>
/// </example>
public sealed class Exercise
{
    /// <param name="number">The exercise's number in the chapter, "3.1".</param>
    /// <param name="task">What the student writes, "ElmanUnit.Forward".</param>
    public Exercise(string number, string task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        Number = number;
        Task = task;
    }

    public string Number { get; }

    public string Task { get; }

    /// <summary>"Exercise 3.1, ElmanUnit.Forward": how every message starts.</summary>
    public string Name => $"Exercise {Number}, {Task}";

    /// <summary>Runs the student's code; the stub's NotImplementedException becomes "not attempted".</summary>
    public T Run<T>(Func<T> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            return answer();
        }
        catch (NotImplementedException)
        {
            throw NotAttempted();
        }
    }

    /// <summary>Runs the student's code; the stub's NotImplementedException becomes "not attempted".</summary>
    public void Run(Action answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Run(() => { answer(); return 0; });
    }

    /// <summary>The failure of an exercise left as the stub.</summary>
    public ExerciseFailedException NotAttempted() =>
        new($"{Name}: not attempted (the answer still throws NotImplementedException; replace that line with your code).");

    /// <summary>A failure with <paramref name="problem"/> after the exercise's name.</summary>
    public ExerciseFailedException Fail(string problem) => new($"{Name}: {problem}");

    /// <summary>Fails with <paramref name="problem"/> unless <paramref name="condition"/> holds.</summary>
    public void True(bool condition, string problem)
    {
        if (!condition) throw Fail(problem);
    }

    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/>; a known wrong answer gets its hint.</summary>
    public void Equal<T>(T actual, T expected, string what, params (T Wrong, string Hint)[] knownMistakes)
    {
        if (EqualityComparer<T>.Default.Equals(actual, expected)) return;
        throw Fail($"{what} is {ShowValue(actual)}, expected {ShowValue(expected)}{HintFor(knownMistakes.Where(m => EqualityComparer<T>.Default.Equals(actual, m.Wrong)).Select(m => m.Hint))}");
    }

    /// <summary>Fails unless |actual − expected| ≤ tolerance; a value near a known wrong answer gets its hint.</summary>
    public void Close(double actual, double expected, string what, double tolerance, params (double Wrong, string Hint)[] knownMistakes)
    {
        if (Math.Abs(actual - expected) <= tolerance) return;
        string problem = double.IsNaN(actual) ? $"{what} is NaN, expected {Show(expected)}"
            : $"{what} is {Show(actual)}, expected {Show(expected)} (tolerance {Show(tolerance)})";
        throw Fail(problem + HintFor(knownMistakes.Where(m => Math.Abs(actual - m.Wrong) <= tolerance).Select(m => m.Hint)));
    }

    /// <summary>Fails unless <paramref name="actual"/> has the shape <paramref name="expected"/>; a known wrong shape gets its hint.</summary>
    public void Shape(Tensor actual, int[] expected, string what, params (int[] Wrong, string Hint)[] knownMistakes)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.Shape.SequenceEqual(expected)) return;
        throw Fail($"{what} has shape {Shapes.Format(actual.Shape.ToArray())}, expected {Shapes.Format(expected)}" +
                   HintFor(knownMistakes.Where(m => actual.Shape.SequenceEqual(m.Wrong)).Select(m => m.Hint)));
    }

    /// <summary>
    /// Fails unless <paramref name="actual"/> has <paramref name="expected"/>'s shape and every element is within
    /// <paramref name="tolerance"/> of it; a result close to a known wrong answer gets that mistake's hint.
    /// </summary>
    public void Close(Tensor actual, Tensor expected, string what, double tolerance, params (Tensor Wrong, string Hint)[] knownMistakes)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        string hint = HintFor(knownMistakes.Where(m => FirstDifference(actual, m.Wrong, tolerance) is null).Select(m => m.Hint));
        Shape(actual, expected.Shape.ToArray(), what, knownMistakes
            .Where(m => !m.Wrong.Shape.SequenceEqual(expected.Shape)).Select(m => (m.Wrong.Shape.ToArray(), m.Hint)).ToArray());
        if (FirstDifference(actual, expected, tolerance) is not { } at) return;
        float[] a = actual.Data, e = expected.Data;
        throw Fail($"{what} differs at {Index(at, actual.Shape)}: {Show((double)a[at])} where {Show((double)e[at])} was expected (tolerance {Show(tolerance)})" + hint);
    }

    /// <summary>Fails unless the two sequences have the same length and agree within <paramref name="tolerance"/> element by element.</summary>
    public void Close(IReadOnlyList<double> actual, IReadOnlyList<double> expected, string what, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.Count != expected.Count) throw Fail($"{what} has {actual.Count} values, expected {expected.Count}");
        for (int i = 0; i < actual.Count; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                throw Fail($"{what} differs at [{i}]: {Show(actual[i])} where {Show(expected[i])} was expected (tolerance {Show(tolerance)})");
        }
    }

    /// <summary>Prints that the checks of this exercise passed.</summary>
    public void Passed() => Console.WriteLine($"✓ {Name}: every check passed");

    private static int? FirstDifference(Tensor actual, Tensor expected, double tolerance)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape)) return -1;
        float[] a = actual.Data, e = expected.Data;
        for (int i = 0; i < a.Length; i++)
            if (!(Math.Abs(a[i] - e[i]) <= tolerance)) return i;
        return null;
    }

    private static string Index(int flat, IReadOnlyList<int> shape)
    {
        var index = new int[shape.Count];
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "[" + string.Join(", ", index) + "]";
    }

    private static string HintFor(IEnumerable<string> hints) => hints.FirstOrDefault() is { } hint ? $" — {hint}" : "";

    private static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string ShowValue<T>(T value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(ShowValue)) + "]",
        _ => value.ToString() ?? "",
    };
}

/// <summary>A graded exercise's check failed; the message names the exercise and what is wrong.</summary>
public sealed class ExerciseFailedException(string message) : Exception(message);
