using Xunit.Abstractions;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Checks that need an outside tool or file: where it is missing the test is reported as skipped ("skipped:
/// &lt;tool&gt; not found") by the test runner, but it fails under RNN_COURSE_STRICT=1 (CI installs everything, so
/// a skip there is a bug). Tests that call this are [SkippableFact] or [SkippableTheory].
/// </summary>
public static class Requires
{
    public const string StrictVariable = "RNN_COURSE_STRICT";

    /// <summary>Returns true when <paramref name="present"/>; otherwise skips the test, or fails it under RNN_COURSE_STRICT=1.</summary>
    public static bool Tool(bool present, string tool, ITestOutputHelper? output)
    {
        if (present) return true;
        if (Environment.GetEnvironmentVariable(StrictVariable) == "1")
            throw new Xunit.Sdk.XunitException($"{tool} not found, and {StrictVariable}=1 makes every skip a failure: install or provide it.");
        output?.WriteLine($"skipped: {tool} not found");
        throw new SkipException($"skipped: {tool} not found");
    }
}
