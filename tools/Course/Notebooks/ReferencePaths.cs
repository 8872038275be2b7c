using System.Text.RegularExpressions;

namespace RnnCourse.CourseTool;

/// <summary>
/// The <c>#r "path"</c> lines of a notebook. The kernel resolves a relative path from its working directory, which is
/// the notebook's folder; a copy that runs elsewhere (a submission being graded) gets them made absolute first.
/// </summary>
public static partial class ReferencePaths
{
    [GeneratedRegex("""^(?<indent>\s*)#r\s+"(?<path>[^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex ReferenceLine();

    /// <summary>Rewrites every relative <c>#r "path"</c> (not <c>nuget:</c>) of <paramref name="notebook"/> as if it were resolved from <paramref name="folder"/>.</summary>
    public static void Anchor(Notebook notebook, string folder)
    {
        foreach (NotebookCell cell in notebook.CodeCells)
        {
            cell.Source = ReferenceLine().Replace(cell.Source, m =>
            {
                string path = m.Groups["path"].Value;
                if (path.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(path)) return m.Value;
                string absolute = Path.GetFullPath(Path.Combine(folder, path)).Replace('\\', '/');
                return $"{m.Groups["indent"].Value}#r \"{absolute}\"";
            });
        }
    }
}
