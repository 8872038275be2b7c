namespace RnnCourse.NotebookRunner;

/// <summary>Finds the notebooks of a folder run.</summary>
public static class NotebookDiscovery
{
    /// <summary>Folders never searched: build output and Jupyter's autosaves.</summary>
    public static readonly IReadOnlySet<string> SkippedFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".ipynb_checkpoints",
    };

    /// <summary>Every *.ipynb under <paramref name="root"/>, sorted by relative path (ordinal), skipping <see cref="SkippedFolders"/> and <paramref name="exclude"/>.</summary>
    public static IReadOnlyList<string> Find(string root, string? exclude = null)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(root));
        var excluded = exclude is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(exclude));
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(folder, "*.ipynb"));
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)) &&
                    !string.Equals(Path.TrimEndingDirectorySeparator(sub), excluded, StringComparison.Ordinal))
                {
                    pending.Push(sub);
                }
            }
        }

        return found
            .OrderBy(p => Path.GetRelativePath(root, p).Replace('\\', '/'), StringComparer.Ordinal)
            .ToList();
    }
}
