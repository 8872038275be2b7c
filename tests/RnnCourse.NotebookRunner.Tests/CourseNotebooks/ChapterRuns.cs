using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests.CourseNotebooks;

/// <summary>Runs a course notebook in process with the runner's CLI, in quick mode, from the notebooks folder.</summary>
public static class ChapterRuns
{
    /// <summary>
    /// Runs <paramref name="notebookPath"/> with RNN_COURSE_MODE=quick and notebooks/ as the working directory (so its
    /// #r "../lib/..." resolves wherever the file is); the exit code and the runner's log.
    /// </summary>
    public static (int ExitCode, string Log) RunQuick(string notebookPath, string? outputPath = null)
    {
        var previous = Environment.GetEnvironmentVariable("RNN_COURSE_MODE");
        Environment.SetEnvironmentVariable("RNN_COURSE_MODE", "quick");
        try
        {
            var log = new StringWriter();
            string[] args = ["--run", notebookPath, "--working-dir", Repository.NotebooksFolder, "--cell-timeout", "300"];
            if (outputPath is not null) args = [.. args, "--output-path", outputPath];
            var exitCode = Cli.Run(args, log, log);
            return (exitCode, log.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("RNN_COURSE_MODE", previous);
        }
    }
}
