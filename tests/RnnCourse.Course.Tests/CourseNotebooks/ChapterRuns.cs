using RnnCourse.CourseTool.Tests.Support;

namespace RnnCourse.CourseTool.Tests.CourseNotebooks;

/// <summary>Runs a course notebook with <c>course run</c> (dotnet-repl from the notebook's folder) in quick mode.</summary>
public static class ChapterRuns
{
    /// <summary>
    /// Runs <paramref name="notebookPath"/> in quick mode; with <paramref name="outputFolder"/> the executed notebook is
    /// written there under its own name. The exit code and the tool's log.
    /// </summary>
    public static (int ExitCode, string Log) RunQuick(string notebookPath, string? outputFolder = null)
    {
        string[] args = ["run", notebookPath, "--mode", "quick", "--timeout", "600"];
        if (outputFolder is not null) args = [.. args, "--output-path", outputFolder];
        return CourseCommand.Run(args);
    }
}
