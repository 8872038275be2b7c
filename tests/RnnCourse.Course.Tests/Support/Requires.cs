using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests.Support;

/// <summary>
/// Checks that need an outside tool (dotnet-repl, nbformat, nbconvert, Chromium): where it is missing the test is
/// reported as skipped ("skipped: TOOL not found") by the test runner, except under RNN_COURSE_STRICT=1 (CI), where a
/// missing tool fails. Callers are [SkippableFact] or [SkippableTheory].
/// </summary>
public static class Requires
{
    public static bool IsStrict => Environment.GetEnvironmentVariable("RNN_COURSE_STRICT") == "1";

    /// <summary>Returns when <paramref name="available"/>; otherwise skips the test, or fails it under RNN_COURSE_STRICT=1.</summary>
    public static void Tool(string tool, bool available, ITestOutputHelper output, string? howToInstall = null)
    {
        if (available) return;
        var message = $"skipped: {tool} not found{(howToInstall is null ? "" : $" ({howToInstall})")}";
        if (IsStrict) Assert.Fail($"{message}; RNN_COURSE_STRICT=1 requires it: install it as .ci/run does");
        output.WriteLine(message);
        throw new SkipException(message);
    }

    /// <summary>dotnet-repl, pinned in .config/dotnet-tools.json and restored by `dotnet tool restore`.</summary>
    public static void DotnetRepl(ITestOutputHelper output)
    {
        bool found;
        try
        {
            CourseTool.DotnetRepl.Locate(Repository.Root);
            found = true;
        }
        catch (SetupException)
        {
            found = false;
        }
        Tool("dotnet-repl", found, output, "run `dotnet tool restore`");
    }

    /// <summary>The corpora the chapters read, found (RNN_COURSE_DATA, the data/ cache) or downloaded, as `course data` does.</summary>
    public static void Corpora(ITestOutputHelper output)
    {
        bool found;
        try
        {
            CourseData.Ensure(RnnCourse.Data.CorpusResolver.FromEnvironment(), TextWriter.Null);
            found = true;
        }
        catch (SetupException)
        {
            found = false;
        }
        Tool("corpus", found, output, "set RNN_COURSE_DATA to a folder holding names.txt and tinyshakespeare.txt, or go online");
    }

    /// <summary>What running a chapter needs: dotnet-repl and the corpora.</summary>
    public static void ChapterRun(ITestOutputHelper output)
    {
        DotnetRepl(output);
        Corpora(output);
    }
}
