using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnCourse.CourseTool;

/// <summary>Cell ids for nbformat 4.5: derived from position and source, so regenerated notebooks do not churn.</summary>
internal static partial class CellIds
{
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidPattern();

    public static bool IsValid(string? id) => id is not null && ValidPattern().IsMatch(id);

    public static string Derive(int index, string source, IEnumerable<NotebookCell> cells)
    {
        var taken = cells.Select(c => c.Id).Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{index}\n{source}")));
        for (var length = 8; length <= hash.Length; length += 4)
        {
            var id = hash[..length];
            if (!taken.Contains(id))
            {
                return id;
            }
        }

        for (var n = 0; ; n++)
        {
            var id = $"{hash[..8]}-{n}";
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }

    /// <summary>Gives every cell without an id one (nbformat 4.5 requires them).</summary>
    public static void EnsureIds(Notebook notebook)
    {
        if (notebook.NbFormatMinor < 5)
        {
            return;
        }

        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Id is null)
            {
                cell.Id = Derive(i, cell.Source, notebook.Cells);
            }
        }
    }
}
