namespace RnnCourse.CourseTool;

/// <summary>What became of one code cell.</summary>
public enum CellOutcome
{
    /// <summary>Ran with no error output.</summary>
    Passed,

    /// <summary>Produced an error output (compile error, exception).</summary>
    Failed,

    /// <summary>Not run: the kernel's process ended (crash or timeout) before it reported this cell.</summary>
    NotRun,
}

/// <summary>The result of one non-empty code cell.</summary>
/// <param name="CellIndex">Position of the cell in the notebook (0-based, markdown cells included).</param>
/// <param name="ErrorMessage">For a failed cell, the first line of its first error; for a cell not run, why.</param>
/// <param name="ErrorDetails">The rest of the error: the kernel's message and traceback lines.</param>
public sealed record CellResult(
    int CellIndex,
    NotebookCell Cell,
    CellOutcome Outcome,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? ErrorMessage,
    IReadOnlyList<string> ErrorDetails)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>
/// The result of running one notebook: the executed copy (the source with the kernel's outputs) and one result
/// per non-empty code cell, or, when the kernel's process did not finish, why (<see cref="ProcessFailure"/>).
/// </summary>
public sealed class NotebookRunResult
{
    public NotebookRunResult(string path, Notebook notebook, IReadOnlyList<CellResult> cells, DateTimeOffset start, DateTimeOffset end, string? processFailure = null)
    {
        Path = path;
        Notebook = notebook;
        Cells = cells;
        Start = start;
        End = end;
        ProcessFailure = processFailure;
    }

    /// <summary>The notebook file that ran.</summary>
    public string Path { get; }

    /// <summary>The notebook with the kernel's outputs and execution counts.</summary>
    public Notebook Notebook { get; }

    public IReadOnlyList<CellResult> Cells { get; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    /// <summary>Why the kernel's process ended before the notebook did (a crash, a timeout); null when it finished.</summary>
    public string? ProcessFailure { get; }

    public TimeSpan Duration => End - Start;

    public int FailureCount => Cells.Count(c => c.Outcome == CellOutcome.Failed);

    public int NotRunCount => Cells.Count(c => c.Outcome == CellOutcome.NotRun);

    /// <summary>True when the process finished and every code cell ran without an error output.</summary>
    public bool Succeeded => ProcessFailure is null && Cells.All(c => c.Outcome == CellOutcome.Passed);
}
