namespace RnnCourse.CourseTool;

/// <summary>The course repository the tool belongs to: the folder holding rnn-course.sln.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "rnn-course.sln";

    /// <summary>Found by walking up from the tool's own location, then from the current directory.</summary>
    /// <exception cref="SetupException">The tool runs outside a checkout of the course.</exception>
    public static string Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile))) return folder.FullName;
            }
        }
        throw new SetupException($"no {SolutionFile} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run the course tool from a checkout of the course.");
    }
}
