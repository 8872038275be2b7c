using System.Globalization;
using System.Text;
using RnnCourse.Display;

namespace RnnCourse.Tensors;

/// <summary>
/// The notebook formatters for tensors, found through <see cref="TypeFormatterSourceAttribute"/> on
/// <see cref="Tensor"/>: an HTML matrix (what notebooks show) and the PyTorch-style text of
/// <see cref="Tensor.ToString"/>.
/// </summary>
public sealed class TensorFormatterSource
{
    public IEnumerable<TypeFormatter> CreateTypeFormatters()
    {
        yield return TypeFormatter.For<Tensor>(MimeTypes.Html, TensorFormatter.ToHtml);
        yield return TypeFormatter.For<Tensor>(MimeTypes.PlainText, tensor => tensor.ToString());
    }
}

/// <summary>
/// Renders a tensor as an HTML table, the way a reader wants to see a matrix: a caption with the shape,
/// dtype and autograd state; row and column indices; rows and columns beyond the limits elided with ⋮ and …
/// (the first and last few kept); a vector as one row; a tensor of rank 3 or more as a stack of 2-D slices,
/// each headed by its leading indices (<c>[1, :, :]</c>). Only inline styles, no script, so it shows the same in
/// VS Code, in exported HTML and on GitHub.
/// </summary>
public static class TensorFormatter
{
    /// <summary>More rows than this are elided to the first and last <see cref="EdgeRows"/>.</summary>
    public const int MaxRows = 20;

    /// <summary>Rows kept at each end of an elided matrix.</summary>
    public const int EdgeRows = 8;

    /// <summary>More columns than this are elided to the first and last <see cref="EdgeColumns"/>.</summary>
    public const int MaxColumns = 14;

    /// <summary>Columns kept at each end of an elided matrix.</summary>
    public const int EdgeColumns = 5;

    /// <summary>More 2-D slices than this are elided to the first and last <see cref="EdgeSlices"/>.</summary>
    public const int MaxSlices = 6;

    /// <summary>Slices kept at each end of an elided stack.</summary>
    public const int EdgeSlices = 2;

    private const string TableStyle = "border-collapse:collapse;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;margin:2px 0 8px 0";
    private const string CaptionStyle = "caption-side:top;text-align:left;white-space:nowrap;font-family:sans-serif;font-size:12px;color:#555;padding:2px 0";
    private const string IndexStyle = "color:#999;font-weight:normal;padding:1px 6px;text-align:right;border:none";
    private const string CellStyle = "padding:1px 8px;text-align:right;border:none";
    private const string ElidedStyle = "padding:1px 8px;text-align:center;color:#999;border:none";

    /// <summary>The tensor as an HTML fragment: a <c>div</c> holding one table per 2-D slice.</summary>
    public static string ToHtml(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.ShapeArray;
        var html = new StringBuilder("<div class=\"rnn-course-tensor\">");
        var caption = Caption(tensor);
        if (tensor.Rank <= 2)
        {
            AppendMatrix(html, tensor, 0, caption, null);
        }
        else
        {
            html.Append("<div style=\"font-family:sans-serif;font-size:12px;color:#555\">")
                .Append(Escape(caption)).Append("</div>");
            int rows = shape[^2], columns = shape[^1];
            int sliceSize = rows * columns;
            int slices = sliceSize == 0 ? 0 : tensor.Numel / sliceSize;
            if (slices == 0)
            {
                html.Append("<div style=\"font-family:sans-serif;font-size:12px;color:#999\">(no elements)</div>");
            }
            foreach (int slice in Kept(slices, MaxSlices, EdgeSlices))
            {
                if (slice < 0)
                {
                    html.Append("<div class=\"rnn-course-tensor-elided\" style=\"font-family:sans-serif;font-size:12px;color:#999;padding:2px 0 6px 0\">⋮ ")
                        .Append(slices - 2 * EdgeSlices).Append(" more slices</div>");
                    continue;
                }
                AppendMatrix(html, tensor, slice * sliceSize, null, SliceLabel(shape, slice));
            }
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>"shape (2, 3) · float32", then "· grad_fn=MatMulBackward" or "· requires_grad=True".</summary>
    public static string Caption(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var caption = new StringBuilder("shape ").Append(tensor.Rank == 0 ? "()" : Shapes.Format(tensor.ShapeArray)).Append(" · float32");
        if (tensor.GradFnName is { } gradFn) caption.Append(" · grad_fn=").Append(gradFn);
        else if (tensor.RequiresGrad) caption.Append(" · requires_grad=True");
        return caption.ToString();
    }

    // One 2-D table: the whole tensor for rank 0..2, or the slice starting at offset for higher ranks.
    private static void AppendMatrix(StringBuilder html, Tensor tensor, int offset, string? caption, string? sliceLabel)
    {
        var shape = tensor.ShapeArray;
        bool vector = tensor.Rank == 1;
        bool scalar = tensor.Rank == 0;
        int rows = scalar || vector ? 1 : shape[^2];
        int columns = scalar ? 1 : shape[^1];
        int[] keptRows = Kept(rows, MaxRows, EdgeRows);
        int[] keptColumns = Kept(columns, MaxColumns, EdgeColumns);
        var format = NumberFormat.For(tensor.Data, offset, columns, keptRows, keptColumns);

        html.Append("<table style=\"").Append(TableStyle).Append("\">");
        string? title = caption ?? sliceLabel;
        if (title is not null)
            html.Append("<caption style=\"").Append(CaptionStyle).Append("\">").Append(Escape(title)).Append("</caption>");
        if (scalar)
        {
            html.Append("<tbody><tr><td style=\"").Append(CellStyle).Append("\">").Append(format.Format(tensor.Data[0])).Append("</td></tr></tbody></table>");
            return;
        }

        // Column indices.
        html.Append("<thead><tr>");
        if (!vector) html.Append("<th style=\"").Append(IndexStyle).Append("\"></th>");
        foreach (int c in keptColumns)
            html.Append("<th style=\"").Append(IndexStyle).Append("\">").Append(c < 0 ? "…" : c.ToString(CultureInfo.InvariantCulture)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (int r in keptRows)
        {
            html.Append("<tr>");
            if (!vector)
                html.Append("<th style=\"").Append(IndexStyle).Append("\">").Append(r < 0 ? "⋮" : r.ToString(CultureInfo.InvariantCulture)).Append("</th>");
            foreach (int c in keptColumns)
            {
                if (r < 0 || c < 0)
                {
                    html.Append("<td style=\"").Append(ElidedStyle).Append("\">").Append(r < 0 && c < 0 ? "⋱" : r < 0 ? "⋮" : "…").Append("</td>");
                    continue;
                }
                html.Append("<td style=\"").Append(CellStyle).Append("\">").Append(format.Format(tensor.Data[offset + r * columns + c])).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    // Only the characters HTML needs escaped, so "·" and "…" stay readable in the notebook file.
    internal static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    // "[1, 2, :, :]" for slice 5 of a (2, 3, R, C) tensor.
    private static string SliceLabel(int[] shape, int slice)
    {
        var leading = new int[shape.Length - 2];
        for (int d = leading.Length - 1; d >= 0; d--)
        {
            leading[d] = slice % shape[d];
            slice /= shape[d];
        }
        return "[" + string.Join(", ", leading) + ", :, :]";
    }

    // The indices shown along a dimension of length n: all of them, or the edges with -1 marking the gap.
    private static int[] Kept(int n, int max, int edge)
    {
        if (n <= max) return Enumerable.Range(0, n).ToArray();
        return [.. Enumerable.Range(0, edge), -1, .. Enumerable.Range(n - edge, edge)];
    }

    /// <summary>One number format for all shown elements, as PyTorch chooses it: integers without decimals,
    /// moderate magnitudes with four decimals, very large or very small ones in scientific notation.</summary>
    private sealed class NumberFormat
    {
        private readonly string _pattern;

        private NumberFormat(string pattern) => _pattern = pattern;

        public static NumberFormat For(float[] data, int offset, int columns, int[] rows, int[] keptColumns)
        {
            bool integers = true;
            double maxAbs = 0, minAbs = double.PositiveInfinity;
            foreach (int r in rows)
            {
                if (r < 0) continue;
                foreach (int c in keptColumns)
                {
                    if (c < 0) continue;
                    float v = data[offset + r * columns + c];
                    if (!float.IsFinite(v)) continue;
                    double a = Math.Abs(v);
                    if (v != MathF.Round(v)) integers = false;
                    maxAbs = Math.Max(maxAbs, a);
                    if (a > 0) minAbs = Math.Min(minAbs, a);
                }
            }
            if (integers && maxAbs < 1e8) return new NumberFormat("0");
            bool scientific = maxAbs >= 1e8 || (minAbs < 1e-4 && maxAbs / minAbs > 1e3) || maxAbs < 1e-4;
            return new NumberFormat(scientific ? "0.0000e+00" : "0.0000");
        }

        public string Format(float value) => value switch
        {
            float.PositiveInfinity => "inf",
            float.NegativeInfinity => "-inf",
            _ when float.IsNaN(value) => "nan",
            _ => value.ToString(_pattern, CultureInfo.InvariantCulture),
        };
    }
}
