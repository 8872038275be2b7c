using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace RnnCourse.Display;

/// <summary>
/// A table of results: named columns, one row per item, shown in a notebook as an HTML table (numbers right-aligned)
/// and as aligned text elsewhere. The .NET Interactive kernel shows a list of anonymous objects as an expandable
/// "index | value" tree; <c>items.ToTable()</c> shows the same list as columns.
/// </summary>
/// <remarks>
/// Numbers print in the invariant culture, floats and doubles as the shortest text that reads back to the same value,
/// unless a column has a format (<see cref="Format"/>): <c>rows.ToTable().Format("loss", "F4")</c>. Numbers, and text
/// that reads as a number ("1,234", "12.5 %", "×1.03", "∞"), are right-aligned.
/// </remarks>
[TypeFormatterSource(typeof(TableFormatterSource), PreferredMimeTypes = [MimeTypes.Html, MimeTypes.PlainText])]
public sealed class Table
{
    private readonly Dictionary<string, string> _formats = new(StringComparer.Ordinal);

    /// <param name="columns">The column names.</param>
    /// <param name="rows">The rows, each with one value per column.</param>
    /// <param name="title">A caption shown above the table, or null.</param>
    /// <exception cref="ArgumentException">A row whose length is not the number of columns, or two columns of one name.</exception>
    public Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
            throw new ArgumentException($"Table columns must have different names; got {string.Join(", ", columns)}.", nameof(columns));
        Columns = columns.ToArray();
        Rows = rows.Select((row, i) => row.Count == columns.Count ? row.ToArray()
            : throw new ArgumentException($"Table row {i} has {row.Count} values for {columns.Count} columns ({string.Join(", ", columns)}).", nameof(rows))).ToArray();
        Title = title;
    }

    /// <summary>A table of <paramref name="items"/>: one column per public property (or field) of <typeparamref name="T"/>, in declaration order.</summary>
    public static Table From<T>(IEnumerable<T> items, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        MemberInfo[] members = [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0),
                                .. typeof(T).GetFields(BindingFlags.Public | BindingFlags.Instance)];
        members = members.OrderBy(m => m.MetadataToken).ToArray();
        if (members.Length == 0)
            throw new ArgumentException($"{typeof(T).Name} has no public properties or fields to make columns of; use new Table(columns, rows).", nameof(items));
        object? Read(MemberInfo member, T item) => member is PropertyInfo p ? p.GetValue(item) : ((FieldInfo)member).GetValue(item);
        return new Table(members.Select(m => m.Name).ToArray(), items.Select(item => members.Select(m => Read(m, item)).ToArray()), title);
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    public string? Title { get; private set; }

    /// <summary>The value in row <paramref name="row"/> of the column named <paramref name="column"/>.</summary>
    public object? this[int row, string column] => Rows[row][ColumnIndex(column)];

    /// <summary>Every value of one column, in row order.</summary>
    public IEnumerable<object?> Column(string column)
    {
        int index = ColumnIndex(column);
        return Rows.Select(r => r[index]);
    }

    /// <summary>Sets a .NET format string ("F4", "N0", "P1", "E2") for the numbers of a column; returns this table.</summary>
    public Table Format(string column, string format)
    {
        ColumnIndex(column);
        _formats[column] = format;
        return this;
    }

    /// <summary>Sets the caption; returns this table.</summary>
    public Table WithTitle(string title)
    {
        Title = title;
        return this;
    }

    /// <summary>A value as the table prints it.</summary>
    public string Text(int row, string column) => Text(Rows[row][ColumnIndex(column)], column);

    /// <summary>The table as an HTML fragment: a <c>div class="rnn-course-table"</c> holding one table.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"rnn-course-table\"><table style=\"border-collapse:collapse;font-size:13px;margin:2px 0 8px 0\">");
        if (Title is not null)
            html.Append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;padding:2px 0\">").Append(WebUtility.HtmlEncode(Title)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (string column in Columns)
            html.Append("<th style=\"padding:2px 10px;border-bottom:1px solid #999;text-align:").Append(IsNumeric(column) ? "right" : "left").Append("\">")
                .Append(WebUtility.HtmlEncode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < Columns.Count; c++)
                html.Append("<td style=\"padding:2px 10px;text-align:").Append(IsNumber(row[c]) || LooksNumeric(row[c]) ? "right;font-variant-numeric:tabular-nums" : "left").Append("\">")
                    .Append(WebUtility.HtmlEncode(Text(row[c], Columns[c]))).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table></div>").ToString();
    }

    /// <summary>The table as aligned text: a header, a rule, one line per row; numbers right-aligned.</summary>
    public override string ToString()
    {
        string[][] cells = Rows.Select(row => row.Select((value, c) => Text(value, Columns[c])).ToArray()).ToArray();
        int[] widths = Columns.Select((column, c) => cells.Select(r => r[c].Length).Append(column.Length).Max()).ToArray();
        bool[] right = Columns.Select(IsNumeric).ToArray();
        string Line(IReadOnlyList<string> values) =>
            string.Join("  ", values.Select((v, c) => right[c] ? v.PadLeft(widths[c]) : v.PadRight(widths[c]))).TrimEnd();
        var text = new StringBuilder();
        if (Title is not null) text.AppendLine(Title);
        text.AppendLine(Line(Columns));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in cells) text.AppendLine(Line(row));
        return text.ToString().TrimEnd('\n', '\r');
    }

    private int ColumnIndex(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        throw new ArgumentException($"The table has no column '{column}'; its columns are {string.Join(", ", Columns)}.", nameof(column));
    }

    private bool IsNumeric(string column)
    {
        int index = ColumnIndex(column);
        return Rows.Count > 0 && Rows.All(r => r[index] is null || IsNumber(r[index]) || LooksNumeric(r[index]));
    }

    /// <summary>Text that reads as a number: a digit first, or a sign, ×, ( or ∞ before one.</summary>
    private static bool LooksNumeric(object? value) =>
        value is string { Length: > 0 } s && (char.IsDigit(s[0]) || s[0] == '∞' ||
            (s.Length > 1 && s[0] is '-' or '−' or '+' or '×' or '(' && (char.IsDigit(s[1]) || s[1] == '∞')));

    private static bool IsNumber(object? value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

    private string Text(object? value, string column)
    {
        if (value is null) return "";
        if (_formats.TryGetValue(column, out string? format) && value is IFormattable formattable)
            return formattable.ToString(format, CultureInfo.InvariantCulture);
        return value switch
        {
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}

/// <summary><c>items.ToTable()</c>: a <see cref="Table"/> with one column per public property of the items.</summary>
public static class TableExtensions
{
    public static Table ToTable<T>(this IEnumerable<T> items, string? title = null) => Table.From(items, title);
}

/// <summary>The notebook formatters for tables: HTML (what notebooks show) and aligned text.</summary>
public sealed class TableFormatterSource
{
    public IEnumerable<TypeFormatter> CreateTypeFormatters()
    {
        yield return TypeFormatter.For<Table>(MimeTypes.Html, table => table.ToHtml());
        yield return TypeFormatter.For<Table>(MimeTypes.PlainText, table => table.ToString());
    }
}
