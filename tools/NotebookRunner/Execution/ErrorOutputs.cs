using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Error outputs as Polyglot Notebooks writes them: ename "Error"; evalue the compiler messages, or
/// the exception's type and message (inner exceptions after "--->"); traceback the full text with
/// the runner's and Roslyn's own frames left out.
/// </summary>
internal static class ErrorOutputs
{
    public const string ErrorName = "Error";

    public static NotebookOutput Compilation(CompilationErrorException e)
    {
        var messages = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        if (messages.Count == 0)
        {
            messages.Add(e.Message);
        }

        return NotebookOutput.Error(ErrorName, string.Join("\n", messages), messages);
    }

    public static NotebookOutput Exception(Exception e)
    {
        var value = Describe(e);
        var traceback = e.ToString().Replace("\r\n", "\n").Split('\n')
            .Where(l => !IsInfrastructureFrame(l))
            .ToList();
        while (traceback.Count > 0 && traceback[^1].TrimStart().StartsWith("--- End of stack trace", StringComparison.Ordinal))
        {
            traceback.RemoveAt(traceback.Count - 1);
        }

        return NotebookOutput.Error(ErrorName, value, traceback);
    }

    public static NotebookOutput Message(string message) =>
        NotebookOutput.Error(ErrorName, message, message.Split('\n'));

    public static string Describe(Exception e)
    {
        var text = $"{e.GetType().FullName}: {e.Message}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += $" ---> {inner.GetType().FullName}: {inner.Message}";
        }

        return text;
    }

    private static bool IsInfrastructureFrame(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith("at Microsoft.CodeAnalysis.", StringComparison.Ordinal)
               || (trimmed.StartsWith("at RnnCourse.NotebookRunner.", StringComparison.Ordinal)
                   && !trimmed.StartsWith("at RnnCourse.NotebookRunner.Scripting.", StringComparison.Ordinal));
    }
}
