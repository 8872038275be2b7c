using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>
/// Writes a <see cref="Notebook"/> the way Jupyter (nbformat) and VS Code do: keys sorted, one space
/// of indent per level, non-ASCII text unescaped, source and text outputs as lists of lines, and a
/// final newline.
/// </summary>
internal static class NotebookWriter
{
    public static string Write(Notebook notebook)
    {
        CellIds.EnsureIds(notebook);
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(notebook.Cells.Select(c => (JsonNode?)CellToJson(c, notebook.NbFormatMinor)).ToArray()),
            ["metadata"] = notebook.Metadata.DeepClone(),
            ["nbformat"] = notebook.NbFormat,
            ["nbformat_minor"] = notebook.NbFormatMinor,
        };
        foreach (var (key, value) in notebook.ExtraProperties)
        {
            root[key] = value?.DeepClone();
        }

        var sb = new StringBuilder();
        WriteNode(sb, root, 0);
        sb.Append('\n');
        return sb.ToString();
    }

    private static JsonObject CellToJson(NotebookCell cell, int minor)
    {
        var obj = new JsonObject
        {
            ["cell_type"] = cell.CellType,
            ["metadata"] = cell.Metadata.DeepClone(),
            ["source"] = TextLines.ToJsonArray(cell.Source),
        };
        if (cell.Id is not null && minor >= 5)
        {
            obj["id"] = cell.Id;
        }

        if (cell.IsCode)
        {
            obj["execution_count"] = cell.ExecutionCount is { } n ? JsonValue.Create(n) : null;
            obj["outputs"] = new JsonArray(cell.Outputs.Select(o => (JsonNode?)o.Json.DeepClone()).ToArray());
        }

        foreach (var (key, value) in cell.ExtraProperties)
        {
            obj[key] = value?.DeepClone();
        }

        return obj;
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }

                sb.Append("{\n");
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(",\n");
                    }

                    first = false;
                    sb.Append(' ', depth + 1);
                    WriteString(sb, key);
                    sb.Append(": ");
                    WriteNode(sb, value, depth + 1);
                }

                sb.Append('\n').Append(' ', depth).Append('}');
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }

                sb.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(",\n");
                    }

                    sb.Append(' ', depth + 1);
                    WriteNode(sb, array[i], depth + 1);
                }

                sb.Append('\n').Append(' ', depth).Append(']');
                break;
            case JsonValue value:
                if (value.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(sb, value.GetValue<string>());
                }
                else
                {
                    sb.Append(value.ToJsonString());
                }

                break;
        }
    }

    /// <summary>Escapes only what JSON requires (quote, backslash, control characters), as Python's json does with ensure_ascii=False.</summary>
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (char.IsSurrogate(c) && !IsPairAt(s, i)))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4"));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static bool IsPairAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
}
