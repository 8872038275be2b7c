namespace RnnCourse.CourseTool.Tests.Support;

/// <summary>Runs the course tool's command line in this process; its exit code and everything it printed.</summary>
public static class CourseCommand
{
    public static (int ExitCode, string Log) Run(params string[] args)
    {
        var log = new StringWriter();
        int exitCode = CourseCli.Run(args, log, log);
        return (exitCode, log.ToString());
    }
}
