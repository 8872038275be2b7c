namespace RnnCourse.Plots;

/// <summary>
/// Several charts in a grid of rows and columns, filled row by row; each keeps its own title, axes and
/// legend. The grid's size replaces the sizes of the charts inside it.
/// </summary>
public sealed record GridChart : Chart
{
    internal GridChart(int rows, int columns, IReadOnlyList<Chart> charts)
    {
        Rows = rows;
        Columns = columns;
        Charts = charts;
    }

    public int Rows { get; }

    public int Columns { get; }

    public IReadOnlyList<Chart> Charts { get; }

    private protected override (int Width, int Height) DefaultSize =>
        (Math.Max(640, 420 * Columns), 320 * Rows + (Title is null ? 0 : 40));

    private protected override string Describe() =>
        $"GridChart{(Title is null ? "" : $" '{Title}'")}: {Rows}x{Columns} [{string.Join("; ", Charts)}]";

    private protected override void RenderBody(SvgWriter svg, Box area)
    {
        double cellW = area.W / Columns, cellH = area.H / Rows;
        for (var i = 0; i < Charts.Count; i++)
        {
            int row = i / Columns, column = i % Columns;
            svg.OpenGroup(cls: "subplot");
            Charts[i].Render(svg, new Box(area.X + column * cellW, area.Y + row * cellH, cellW, cellH), Theme.SubplotTitleSize);
            svg.CloseGroup();
        }
    }
}
