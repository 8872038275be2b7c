namespace RnnCourse.CourseTool;

/// <summary>
/// The marked regions of a cell: an answer between <c>// BEGIN SOLUTION</c> and <c>// END SOLUTION</c>, checks the
/// student never sees between <c>// BEGIN HIDDEN TESTS</c> and <c>// END HIDDEN TESTS</c>. Markers are whole lines.
/// </summary>
public static class Regions
{
    public const string BeginSolution = "// BEGIN SOLUTION";
    public const string EndSolution = "// END SOLUTION";
    public const string BeginHiddenTests = "// BEGIN HIDDEN TESTS";
    public const string EndHiddenTests = "// END HIDDEN TESTS";

    /// <summary>How many regions between <paramref name="begin"/> and <paramref name="end"/> the source holds.</summary>
    /// <exception cref="CourseworkException">A marker without its partner, or regions inside each other.</exception>
    public static int Count(string source, string begin, string end, string where) => Find(Lines(source), begin, end, where).Count;

    /// <summary>
    /// Replaces each region (its marker lines included) by <paramref name="replacement"/> lines, indented as the begin
    /// marker; an empty replacement removes the region.
    /// </summary>
    public static string Replace(string source, string begin, string end, string where, IReadOnlyList<string> replacement)
    {
        string[] lines = Lines(source);
        var regions = Find(lines, begin, end, where);
        var result = new List<string>();
        int next = 0;
        foreach (var (from, to) in regions)
        {
            result.AddRange(lines[next..from]);
            string indent = lines[from][..(lines[from].Length - lines[from].TrimStart().Length)];
            result.AddRange(replacement.Select(line => indent + line));
            next = to + 1;
        }
        result.AddRange(lines[next..]);
        return string.Join("\n", result);
    }

    private static string[] Lines(string source) => source.ReplaceLineEndings("\n").Split('\n');

    private static List<(int From, int To)> Find(string[] lines, string begin, string end, string where)
    {
        var regions = new List<(int, int)>();
        int open = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line == begin)
            {
                if (open >= 0) throw new CourseworkException($"{where}: line {i + 1} opens '{begin}' inside the region opened on line {open + 1}; close that one first with '{end}'.");
                open = i;
            }
            else if (line == end)
            {
                if (open < 0) throw new CourseworkException($"{where}: line {i + 1} has '{end}' without a '{begin}' before it.");
                regions.Add((open, i));
                open = -1;
            }
        }
        if (open >= 0) throw new CourseworkException($"{where}: the '{begin}' on line {open + 1} is never closed; add '{end}'.");
        return regions;
    }
}

/// <summary>A notebook whose exercises cannot be assigned or graded: the message names the notebook, the cell and what to fix.</summary>
public sealed class CourseworkException(string message) : Exception(message);
