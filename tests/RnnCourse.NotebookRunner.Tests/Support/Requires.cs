using Xunit.Abstractions;

namespace RnnCourse.NotebookRunner.Tests.Support;

/// <summary>
/// Checks that need an outside tool: when the tool is missing the test writes "skipped: TOOL not
/// found" and returns early, except under RNN_COURSE_STRICT=1 (CI), where a missing tool fails.
/// </summary>
public static class Requires
{
    public static bool IsStrict => Environment.GetEnvironmentVariable("RNN_COURSE_STRICT") == "1";

    /// <summary>True when <paramref name="available"/>; otherwise reports the skip (or fails when strict) and returns false.</summary>
    public static bool Tool(string tool, bool available, ITestOutputHelper output)
    {
        if (available)
        {
            return true;
        }

        var message = $"skipped: {tool} not found";
        if (IsStrict)
        {
            Assert.Fail($"{message} (RNN_COURSE_STRICT=1 requires it; install it as .ci/run does)");
        }

        output.WriteLine(message);
        return false;
    }
}
