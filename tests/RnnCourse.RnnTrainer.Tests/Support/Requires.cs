using Xunit.Abstractions;

namespace RnnCourse.RnnTrainer.Tests.Support;

/// <summary>
/// Checks that need an outside file: where it is missing the test is reported as skipped ("skipped: THING not
/// found"), except under RNN_COURSE_STRICT=1 (CI), where a missing one fails. Callers are [SkippableFact]s.
/// </summary>
public static class Requires
{
    /// <summary>Returns true when <paramref name="available"/>; otherwise skips the test, or fails it under RNN_COURSE_STRICT=1.</summary>
    public static bool Tool(bool available, string tool, ITestOutputHelper output)
    {
        if (available) return true;
        if (Environment.GetEnvironmentVariable("RNN_COURSE_STRICT") == "1")
            Assert.Fail($"skipped: {tool} not found (RNN_COURSE_STRICT=1 requires it; set RNN_COURSE_DATA as .ci/run does)");
        output.WriteLine($"skipped: {tool} not found");
        throw new SkipException($"skipped: {tool} not found");
    }
}
