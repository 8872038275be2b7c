using Xunit.Abstractions;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Checks that need an outside tool or file: skipped with "skipped: &lt;tool&gt; not found" where it is
/// missing, but a failure under RNN_COURSE_STRICT=1 (CI installs everything, so a skip there is a bug).
/// </summary>
public static class Requires
{
    public const string StrictVariable = "RNN_COURSE_STRICT";

    /// <summary>True when <paramref name="present"/>; otherwise writes the skip note and returns false, or throws under RNN_COURSE_STRICT=1.</summary>
    public static bool Tool(bool present, string tool, ITestOutputHelper? output)
    {
        if (present) return true;
        if (Environment.GetEnvironmentVariable(StrictVariable) == "1")
            throw new Xunit.Sdk.XunitException($"{tool} not found, and {StrictVariable}=1 makes every skip a failure: install or provide it.");
        output?.WriteLine($"skipped: {tool} not found");
        return false;
    }
}
