using Xunit.Abstractions;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Guards tests that need an outside tool (Chromium, nbconvert, OpenBLAS, ...). Where the tool is missing the
/// test reports "skipped: &lt;tool&gt; not found" and returns; under RNN_COURSE_STRICT=1 (set by .ci/run,
/// which installs every tool) a missing tool fails the test instead.
/// </summary>
public static class Requires
{
    /// <summary>True when <paramref name="present"/>; otherwise reports the skip and returns false, or throws in strict mode.</summary>
    public static bool Tool(bool present, string tool, ITestOutputHelper? output)
    {
        if (present) return true;
        var message = $"skipped: {tool} not found";
        if (Environment.GetEnvironmentVariable("RNN_COURSE_STRICT") == "1")
            throw new InvalidOperationException($"{message}, and RNN_COURSE_STRICT=1 requires it.");
        output?.WriteLine(message);
        return false;
    }
}
