using System.Globalization;

namespace RnnCourse.CourseTool;

/// <summary>The table printed after a folder run: notebook, cells, failures, seconds.</summary>
public static class RunSummary
{
    /// <summary>One row: a notebook that ran, or one that could not be read (<paramref name="LoadError"/>).</summary>
    public sealed record Row(string Name, NotebookRunResult? Result, string? LoadError = null);

    public static void Write(TextWriter writer, IReadOnlyList<Row> rows)
    {
        var nameWidth = Math.Max("notebook".Length, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        nameWidth = Math.Max(nameWidth, "total".Length);
        writer.WriteLine($"{"notebook".PadRight(nameWidth)}  {"cells",5}  {"failures",8}  {"seconds",8}");
        writer.WriteLine(new string('-', nameWidth + 2 + 5 + 2 + 8 + 2 + 8));
        int cells = 0, failures = 0;
        var seconds = 0.0;
        var notes = new List<string>();
        foreach (var row in rows)
        {
            if (row.Result is { } r)
            {
                var failed = r.FailureCount;
                var notRun = r.NotRunCount;
                cells += r.Cells.Count;
                seconds += r.Duration.TotalSeconds;
                if (r.ProcessFailure is not null)
                {
                    notes.Add($"{row.Name}: {r.ProcessFailure}; {notRun} cell(s) not run");
                    failed += notRun;
                }

                failures += failed;
                writer.WriteLine($"{row.Name.PadRight(nameWidth)}  {r.Cells.Count,5}  {failed,8}  {Seconds(r.Duration.TotalSeconds),8}");
            }
            else
            {
                failures++;
                writer.WriteLine($"{row.Name.PadRight(nameWidth)}  {"-",5}  {"unread",8}  {"-",8}");
            }
        }

        writer.WriteLine(new string('-', nameWidth + 2 + 5 + 2 + 8 + 2 + 8));
        writer.WriteLine($"{"total".PadRight(nameWidth)}  {cells,5}  {failures,8}  {Seconds(seconds),8}");
        foreach (var note in notes)
        {
            writer.WriteLine(note);
        }

        var bad = rows.Count(r => r.Result is not { Succeeded: true });
        writer.WriteLine($"notebooks: {rows.Count - bad} succeeded, {bad} with failures");
    }

    private static string Seconds(double s) => s.ToString("0.0", CultureInfo.InvariantCulture);
}
