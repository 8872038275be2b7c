namespace RnnCourse.NotebookRunner;

/// <summary>How a run is set up.</summary>
public sealed class NotebookRunOptions
{
    /// <summary>
    /// The folder cells run in (Environment.CurrentDirectory and the base of relative #r and #load
    /// paths). Null: the notebook's own folder, as in VS Code.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Values for @input:key tokens; keys are matched without regard to case.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest a cell may run; null for no limit. A cell that runs over fails and the notebook stops.</summary>
    public TimeSpan? CellTimeout { get; init; }
}

/// <summary>What became of one code cell.</summary>
public enum CellOutcome
{
    /// <summary>Ran with no error output.</summary>
    Passed,

    /// <summary>Produced an error output (compile error, exception, unsupported magic, timeout).</summary>
    Failed,

    /// <summary>Not run, because an earlier cell timed out.</summary>
    NotRun,
}

/// <summary>The result of one code cell.</summary>
/// <param name="CellIndex">Position of the cell in the notebook (0-based, markdown cells included).</param>
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

/// <summary>The result of running one notebook: the executed copy and one result per non-empty code cell.</summary>
public sealed class NotebookRunResult
{
    public NotebookRunResult(string? path, Notebook notebook, IReadOnlyList<CellResult> cells, DateTimeOffset start, DateTimeOffset end)
    {
        Path = path;
        Notebook = notebook;
        Cells = cells;
        Start = start;
        End = end;
    }

    /// <summary>The notebook file, when it came from one.</summary>
    public string? Path { get; }

    /// <summary>The notebook with outputs and execution counts filled in.</summary>
    public Notebook Notebook { get; }

    public IReadOnlyList<CellResult> Cells { get; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Duration => End - Start;

    public int FailureCount => Cells.Count(c => c.Outcome == CellOutcome.Failed);

    public int NotRunCount => Cells.Count(c => c.Outcome == CellOutcome.NotRun);

    /// <summary>True when every code cell ran without an error output.</summary>
    public bool Succeeded => Cells.All(c => c.Outcome == CellOutcome.Passed);
}
