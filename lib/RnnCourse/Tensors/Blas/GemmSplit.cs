namespace RnnCourse.Tensors.Blas;

/// <summary>
/// How one GEMM is cut into chunks for threads: whole micro-panels of either the rows or the columns
/// of C. Splitting columns repeats the (small) packing of A in every chunk, splitting rows repeats the
/// packing of B, so the cheaper one is chosen: columns when m &lt; n. A square C goes by rows: packing B
/// is a plain copy where packing A transposes, and the chunks then write disjoint rows of C rather
/// than sharing the cache lines where their columns meet (measured faster at 64, 256, 512 and 1024).
/// </summary>
internal readonly record struct GemmSplit(bool ByColumns, int Panels, int PanelSize, int Chunks)
{
    public static GemmSplit For(int m, int n, int rowPanel, int columnPanel, int threads)
    {
        int rowPanels = (m + rowPanel - 1) / rowPanel, columnPanels = (n + columnPanel - 1) / columnPanel;
        bool byColumns = m < n ? columnPanels >= threads || columnPanels >= rowPanels
                                : rowPanels < threads && columnPanels > rowPanels;
        int panels = byColumns ? columnPanels : rowPanels;
        return new GemmSplit(byColumns, panels, byColumns ? columnPanel : rowPanel, Math.Min(threads, panels));
    }

    /// <summary>The first row or column of chunk <paramref name="index"/>, clamped to <paramref name="extent"/>.</summary>
    public int Start(int index, int extent) => Math.Min(extent, (int)((long)Panels * index / Chunks) * PanelSize);
}
