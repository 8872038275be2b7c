namespace RnnCourse.CourseTool.Tests.Support;

/// <summary>Paths in the repository these tests run from.</summary>
public static class Repository
{
    /// <summary>The folder holding rnn-course.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The course's notebook folder.</summary>
    public static string NotebooksFolder => Path.Combine(Root, "notebooks");

    /// <summary>The library the notebooks load with #r (built in Release by this project's build).</summary>
    public static string LibraryDll => Path.Combine(Root, "lib", "RnnCourse", "bin", "Release", "net8.0", "RnnCourse.dll");

    /// <summary>Every notebook under notebooks/, as paths relative to it, sorted; checkpoints and build folders left out.</summary>
    public static IReadOnlyList<string> Notebooks()
    {
        if (!Directory.Exists(NotebooksFolder)) return [];
        return Directory.EnumerateFiles(NotebooksFolder, "*.ipynb", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(NotebooksFolder, p))
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is ".ipynb_checkpoints" or "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "rnn-course.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException($"No rnn-course.sln above {AppContext.BaseDirectory}: these tests run from the repository's build output.");
    }
}
