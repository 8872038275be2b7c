namespace RnnCourse.CourseTool;

/// <summary>A notebook to run and the name it goes by in tables and output folders (its path relative to the folder given).</summary>
public sealed record NotebookEntry(string Path, string Name);

/// <summary>Finds the notebooks named on a command line.</summary>
public static class NotebookDiscovery
{
    /// <summary>Folders never searched: build output and Jupyter's autosaves.</summary>
    public static readonly IReadOnlySet<string> SkippedFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".ipynb_checkpoints",
    };

    /// <summary>
    /// Each path that is a file, and every *.ipynb under each path that is a folder (sorted by relative path,
    /// skipping <see cref="SkippedFolders"/>).
    /// </summary>
    /// <exception cref="UsageException">A path that does not exist, a folder without notebooks, or two notebooks of the same name.</exception>
    public static IReadOnlyList<NotebookEntry> Resolve(IEnumerable<string> paths)
    {
        var entries = new List<NotebookEntry>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                entries.Add(new NotebookEntry(System.IO.Path.GetFullPath(path), System.IO.Path.GetFileName(path)));
            }
            else if (Directory.Exists(path))
            {
                var found = Find(path);
                if (found.Count == 0) throw new UsageException($"No .ipynb notebooks found in '{path}'.");
                entries.AddRange(found.Select(p => new NotebookEntry(p, System.IO.Path.GetRelativePath(path, p).Replace('\\', '/'))));
            }
            else
            {
                throw new UsageException($"'{path}' is neither a notebook nor a folder.");
            }
        }
        var duplicate = entries.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"Two notebooks would both be written as '{duplicate.Key}' ({string.Join(", ", duplicate.Select(e => e.Path))}); run them separately.");
        return entries;
    }

    /// <summary>Every *.ipynb under <paramref name="root"/>, sorted by relative path (ordinal), skipping <see cref="SkippedFolders"/>.</summary>
    public static IReadOnlyList<string> Find(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(System.IO.Path.GetFullPath(root));
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(folder, "*.ipynb"));
            foreach (string sub in Directory.EnumerateDirectories(folder))
            {
                if (!SkippedFolders.Contains(System.IO.Path.GetFileName(sub))) pending.Push(sub);
            }
        }
        return found.OrderBy(p => System.IO.Path.GetRelativePath(root, p).Replace('\\', '/'), StringComparer.Ordinal).ToList();
    }
}
