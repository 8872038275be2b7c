namespace RnnCourse;

/// <summary>
/// Settings every notebook reads. <see cref="Quick"/> comes from the environment variable
/// RNN_COURSE_MODE: "quick" (CI: small data, few steps, every chapter in minutes) or "full" (the
/// default: the real results the chapter text talks about).
/// </summary>
public static class Course
{
    public const string ModeVariable = "RNN_COURSE_MODE";

    /// <summary>True when RNN_COURSE_MODE=quick.</summary>
    public static bool Quick => Mode == "quick";

    /// <summary>"quick" or "full".</summary>
    public static string Mode
    {
        get
        {
            string? mode = Environment.GetEnvironmentVariable(ModeVariable)?.Trim().ToLowerInvariant();
            return mode switch
            {
                null or "" or "full" => "full",
                "quick" => "quick",
                _ => throw new InvalidOperationException($"{ModeVariable}='{mode}' is not a mode; use 'quick' or 'full'."),
            };
        }
    }

    /// <summary>Picks the quick or the full value: <c>int steps = Course.Pick(quick: 200, full: 20_000);</c></summary>
    public static T Pick<T>(T quick, T full) => Quick ? quick : full;
}
