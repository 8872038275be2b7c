using Xunit.Abstractions;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Tests that need an outside tool (OpenBLAS, nbformat, Chromium, ...): where the tool is missing the
/// test returns early and says "skipped: &lt;tool&gt; not found"; under RNN_COURSE_STRICT=1 (CI, where
/// every tool is installed) a missing tool fails the test instead.
/// </summary>
public static class Requires
{
    /// <summary>The environment variable that turns skips into failures.</summary>
    public const string StrictVariable = "RNN_COURSE_STRICT";

    /// <summary>True when skips are failures (RNN_COURSE_STRICT=1).</summary>
    public static bool Strict => Environment.GetEnvironmentVariable(StrictVariable) == "1";

    /// <summary>
    /// Returns <paramref name="present"/>. When the tool is missing: throws under RNN_COURSE_STRICT=1,
    /// otherwise writes "skipped: {tool} not found" to the test output, so the caller can return.
    /// Usage: <c>if (!Requires.Tool(OpenBlasGemm.IsAvailable, "OpenBLAS", output)) return;</c>
    /// </summary>
    public static bool Tool(bool present, string tool, ITestOutputHelper? output)
    {
        if (present) return true;
        string message = $"skipped: {tool} not found";
        if (Strict)
            throw new InvalidOperationException($"{message}, and {StrictVariable}=1 requires every tool to be installed.");
        output?.WriteLine(message);
        Console.WriteLine(message);
        return false;
    }
}
