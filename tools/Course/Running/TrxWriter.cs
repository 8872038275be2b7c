using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace RnnCourse.CourseTool;

/// <summary>
/// Writes run results as a VSTest results file (.trx), as dotnet-repl's --output-format trx does:
/// one unit test per code cell, named "Cell N: first line of the cell", passed, failed or not executed, with
/// its duration, the error message and traceback of a failed cell, and the cell's text output. Unlike
/// dotnet-repl's own file (which declares utf-16 and is written in UTF-8), the declaration matches the bytes,
/// so XML parsers read it.
/// </summary>
public static class TrxWriter
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    private const string UnitTestType = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b";
    private const string ResultsNotInAListId = "8c84fa94-04c1-424b-9868-57a2d4851a1d";
    private const string AllLoadedResultsId = "19431567-8539-422a-85d7-44ee4e166bda";
    private const string AdapterType = "executor://course/v1";

    /// <summary>The TRX document for <paramref name="runs"/>; <paramref name="root"/> (optional) shortens notebook paths in test names.</summary>
    public static string ToTrx(IReadOnlyList<NotebookRunResult> runs, string? root = null)
    {
        var start = runs.Count > 0 ? runs.Min(r => r.Start) : DateTimeOffset.Now;
        var end = runs.Count > 0 ? runs.Max(r => r.End) : start;
        var results = new XElement(Ns + "Results");
        var definitions = new XElement(Ns + "TestDefinitions");
        var entries = new XElement(Ns + "TestEntries");
        int total = 0, passed = 0, failed = 0, notExecuted = 0;

        foreach (var run in runs)
        {
            var notebookName = NotebookName(run, root);
            foreach (var cell in run.Cells)
            {
                total++;
                var testName = $"Cell {cell.CellIndex + 1,4}: {FirstLine(cell.Cell.Source)}";
                var fullName = runs.Count > 1 ? $"{notebookName} {testName}" : testName;
                var testId = DeterministicGuid($"{notebookName}#{cell.CellIndex}");
                var executionId = Guid.NewGuid().ToString();
                var outcome = cell.Outcome switch
                {
                    CellOutcome.Passed => "Passed",
                    CellOutcome.Failed => "Failed",
                    _ => "NotExecuted",
                };
                switch (cell.Outcome)
                {
                    case CellOutcome.Passed: passed++; break;
                    case CellOutcome.Failed: failed++; break;
                    default: notExecuted++; break;
                }

                var output = new XElement(Ns + "Output");
                var stdout = StdOut(cell.Cell);
                if (stdout.Length > 0)
                {
                    output.Add(new XElement(Ns + "StdOut", Clean(stdout)));
                }

                if (cell.Outcome != CellOutcome.Passed && cell.ErrorMessage is not null)
                {
                    output.Add(new XElement(Ns + "ErrorInfo",
                        new XElement(Ns + "Message", Clean(cell.ErrorMessage)),
                        new XElement(Ns + "StackTrace", Clean(string.Join("\n", cell.ErrorDetails)))));
                }

                var result = new XElement(Ns + "UnitTestResult",
                    new XAttribute("executionId", executionId),
                    new XAttribute("testId", testId),
                    new XAttribute("testName", Clean(fullName)),
                    new XAttribute("computerName", Environment.MachineName),
                    new XAttribute("duration", cell.Duration.ToString("c", CultureInfo.InvariantCulture)),
                    new XAttribute("startTime", Time(cell.Start)),
                    new XAttribute("endTime", Time(cell.End)),
                    new XAttribute("testType", UnitTestType),
                    new XAttribute("outcome", outcome),
                    new XAttribute("testListId", ResultsNotInAListId),
                    new XAttribute("relativeResultsDirectory", executionId));
                if (output.HasElements)
                {
                    result.Add(output);
                }

                results.Add(result);
                definitions.Add(new XElement(Ns + "UnitTest",
                    new XAttribute("name", Clean(fullName)),
                    new XAttribute("storage", Clean(run.Path)),
                    new XAttribute("id", testId),
                    new XElement(Ns + "Execution", new XAttribute("id", executionId)),
                    new XElement(Ns + "TestMethod",
                        new XAttribute("codeBase", Clean(run.Path)),
                        new XAttribute("adapterTypeName", AdapterType),
                        new XAttribute("className", Clean(notebookName)),
                        new XAttribute("name", Clean(testName)))));
                entries.Add(new XElement(Ns + "TestEntry",
                    new XAttribute("testId", testId),
                    new XAttribute("executionId", executionId),
                    new XAttribute("testListId", ResultsNotInAListId)));
            }
        }

        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Ns + "TestRun",
                new XAttribute("id", Guid.NewGuid().ToString()),
                new XAttribute("name", Clean($"course run {string.Join(", ", runs.Select(r => NotebookName(r, root)))}")),
                new XAttribute("runUser", Environment.UserName),
                new XElement(Ns + "Times",
                    new XAttribute("creation", Time(start)),
                    new XAttribute("queuing", Time(start)),
                    new XAttribute("start", Time(start)),
                    new XAttribute("finish", Time(end))),
                new XElement(Ns + "TestSettings",
                    new XAttribute("name", "default"),
                    new XAttribute("id", DeterministicGuid("course settings")),
                    new XElement(Ns + "Deployment", new XAttribute("runDeploymentRoot", "course"))),
                results,
                definitions,
                entries,
                new XElement(Ns + "TestLists",
                    new XElement(Ns + "TestList", new XAttribute("name", "Results Not in a List"), new XAttribute("id", ResultsNotInAListId)),
                    new XElement(Ns + "TestList", new XAttribute("name", "All Loaded Results"), new XAttribute("id", AllLoadedResultsId))),
                new XElement(Ns + "ResultSummary",
                    new XAttribute("outcome", failed > 0 ? "Failed" : "Completed"),
                    new XElement(Ns + "Counters",
                        new XAttribute("total", total),
                        new XAttribute("executed", passed + failed),
                        new XAttribute("passed", passed),
                        new XAttribute("failed", failed),
                        new XAttribute("error", 0),
                        new XAttribute("timeout", 0),
                        new XAttribute("aborted", 0),
                        new XAttribute("inconclusive", 0),
                        new XAttribute("passedButRunAborted", 0),
                        new XAttribute("notRunnable", 0),
                        new XAttribute("notExecuted", notExecuted),
                        new XAttribute("disconnected", 0),
                        new XAttribute("warning", 0),
                        new XAttribute("completed", 0),
                        new XAttribute("inProgress", 0),
                        new XAttribute("pending", 0)))));

        using var writer = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(writer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            document.Save(xml);
        }

        return writer.ToString() + "\n";
    }

    private static string NotebookName(NotebookRunResult run, string? root)
    {
        return root is not null
            ? Path.GetRelativePath(root, run.Path).Replace('\\', '/')
            : Path.GetFileName(run.Path);
    }

    private static string StdOut(NotebookCell cell)
    {
        var parts = new List<string>();
        foreach (var output in cell.Outputs)
        {
            switch (output.OutputType)
            {
                case NotebookOutput.StreamType:
                    parts.Add(output.Text ?? "");
                    break;
                case NotebookOutput.DisplayDataType or NotebookOutput.ExecuteResultType:
                    if (output.Data.TryGetValue("text/plain", out var text))
                    {
                        parts.Add(text);
                    }

                    break;
            }
        }

        return string.Join("\n", parts.Select(p => p.TrimEnd('\n'))).Trim();
    }

    private static string FirstLine(string source)
    {
        var trimmed = source.Trim();
        var newline = trimmed.IndexOfAny(['\r', '\n']);
        return newline < 0 ? trimmed : trimmed[..newline];
    }

    private static string Time(DateTimeOffset time) => time.ToString("o", CultureInfo.InvariantCulture);

    private static string DeterministicGuid(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    /// <summary>Drops characters XML 1.0 cannot hold (most control characters).</summary>
    private static string Clean(string text) =>
        string.Concat(text.Where(c => c is '\t' or '\n' or '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)));

    private sealed class Utf8StringWriter : StringWriter
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
