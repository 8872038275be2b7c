using System.Text;
using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>Jupyter's "multiline string": one string, or a list of lines each ending in its newline.</summary>
internal static class TextLines
{
    /// <summary>Splits after each '\n', keeping the newlines; "" gives no lines.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    public static JsonArray ToJsonArray(string text) =>
        new(Split(text).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());

    /// <summary>Joins a string or a list of strings; anything else gives its JSON text.</summary>
    public static string Join(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "";
            case JsonValue v when v.TryGetValue(out string? s):
                return s;
            case JsonArray a:
                var sb = new StringBuilder();
                foreach (var item in a)
                {
                    sb.Append(item is JsonValue iv && iv.TryGetValue(out string? line) ? line : item?.ToJsonString());
                }

                return sb.ToString();
            default:
                return node.ToJsonString();
        }
    }
}
