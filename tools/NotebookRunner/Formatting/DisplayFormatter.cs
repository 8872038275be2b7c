using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using RnnCourse.NotebookRunner.Scripting;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Turns a displayed value into a MIME bundle, as .NET Interactive would: convention formatters
/// (<see cref="ConventionFormatters"/>) first, then defaults: strings and scalars as text/plain,
/// collections and other objects as a small HTML table. A "text/plain" entry is always present.
/// </summary>
public static class DisplayFormatter
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";

    /// <summary>Most items of a collection shown in a table, as .NET Interactive's default.</summary>
    public const int MaxItems = 20;

    /// <summary>
    /// Formats <paramref name="value"/>. With no <paramref name="mimeTypes"/>, every MIME type a
    /// convention formatter produces (or its PreferredMimeTypes), else the defaults; with
    /// <paramref name="mimeTypes"/>, exactly those (plus text/plain).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Format(object? value, params string[] mimeTypes)
    {
        var bundle = new List<KeyValuePair<string, string>>();
        void Put(string mime, string text)
        {
            if (!bundle.Any(p => p.Key == mime))
            {
                bundle.Add(new(mime, text));
            }
        }

        if (value is null)
        {
            foreach (var mime in mimeTypes.Where(m => m != PlainText))
            {
                Put(mime, mime == Html ? "<div class=\"dni-plaintext\"><pre>&lt;null&gt;</pre></div>" : "<null>");
            }

            Put(PlainText, "<null>");
            return bundle;
        }

        var set = ConventionFormatters.For(value.GetType());
        if (mimeTypes.Length > 0)
        {
            foreach (var mime in mimeTypes)
            {
                Put(mime, set.TryFormat(value, mime, out var text) ? text : FormatDefault(value, mime));
            }
        }
        else if (!set.IsEmpty)
        {
            var wanted = set.PreferredMimeTypes.Count > 0 ? set.PreferredMimeTypes : set.MimeTypes;
            foreach (var mime in wanted)
            {
                if (set.TryFormat(value, mime, out var text))
                {
                    Put(mime, text);
                }
            }
        }

        if (bundle.Count == 0 && mimeTypes.Length == 0)
        {
            if (value is not HtmlString && !IsScalar(value))
            {
                Put(Html, FormatDefault(value, Html));
            }
            else if (value is HtmlString html)
            {
                Put(Html, html.Value);
            }
        }

        if (!bundle.Any(p => p.Key == PlainText))
        {
            Put(PlainText, set.TryFormat(value, PlainText, out var plain) ? plain : PlainTextOf(value));
        }

        return bundle;
    }

    /// <summary>The default text for <paramref name="mimeType"/>: HTML tables for text/html, the plain text otherwise.</summary>
    public static string FormatDefault(object value, string mimeType) => mimeType switch
    {
        Html when value is HtmlString h => h.Value,
        Html when value is string s => $"<div class=\"dni-plaintext\"><pre>{Encode(s)}</pre></div>",
        Html when IsScalar(value) => $"<div class=\"dni-plaintext\"><pre>{Encode(PlainTextOf(value))}</pre></div>",
        Html => HtmlOf(value),
        _ => PlainTextOf(value),
    };

    /// <summary>Strings, numbers, bool, char, enums, dates, times, Guid: shown as their text alone.</summary>
    public static bool IsScalar(object value) =>
        value is string or char or bool or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or DateOnly or TimeOnly or Enum
        || value.GetType().IsPrimitive;

    /// <summary>The plain text of a value: scalars invariantly formatted, collections as "[ a, b, c ]", others ToString().</summary>
    public static string PlainTextOf(object? value) => PlainTextOf(value, depth: 0);

    // Nested collections are shown a few levels deep; deeper (or self-containing) ones by ToString().
    private static string PlainTextOf(object? value, int depth)
    {
        if (depth > 3 && value is IEnumerable and not string)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        switch (value)
        {
            case null:
                return "<null>";
            case string s:
                return s;
            case HtmlString h:
                return h.Value;
            case IFormattable f when IsScalar(value):
                return f.ToString(null, CultureInfo.InvariantCulture);
            case IDictionary dictionary:
                {
                    var items = Entries(dictionary).Take(MaxItems + 1).ToList();
                    var text = string.Join(", ", items.Take(MaxItems).Select(e => $"{PlainTextOf(e.Key, depth + 1)}: {PlainTextOf(e.Value, depth + 1)}"));
                    return $"{{ {text}{(items.Count > MaxItems ? ", ..." : "")} }}";
                }
            case IEnumerable enumerable when !IsScalar(value):
                {
                    var items = enumerable.Cast<object?>().Take(MaxItems + 1).ToList();
                    var text = string.Join(", ", items.Take(MaxItems).Select(i => PlainTextOf(i, depth + 1)));
                    return $"[ {text}{(items.Count > MaxItems ? ", ..." : "")} ]";
                }
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }

    private static string HtmlOf(object value)
    {
        if (value is IDictionary dictionary)
        {
            var sb = new StringBuilder("<table><thead><tr><th><i>key</i></th><th>value</th></tr></thead><tbody>");
            var count = 0;
            foreach (DictionaryEntry entry in dictionary)
            {
                if (count++ == MaxItems)
                {
                    sb.Append("<tr><td colspan=\"2\"><i>... (more)</i></td></tr>");
                    break;
                }

                sb.Append("<tr><td>").Append(Encode(PlainTextOf(entry.Key))).Append("</td><td>")
                  .Append(Encode(PlainTextOf(entry.Value))).Append("</td></tr>");
            }

            return sb.Append("</tbody></table>").ToString();
        }

        if (value is IEnumerable enumerable)
        {
            var items = enumerable.Cast<object?>().Take(MaxItems + 1).ToList();
            var shown = items.Take(MaxItems).ToList();
            var columns = shown.Where(i => i is not null && !IsScalar(i) && i is not IEnumerable)
                               .Select(i => i!.GetType()).Distinct().Count() == 1 && shown.All(i => i is not null)
                ? Members(shown[0]!.GetType())
                : [];
            var sb = new StringBuilder("<table><thead><tr><th><i>index</i></th>");
            if (columns.Count == 0)
            {
                sb.Append("<th>value</th>");
            }

            foreach (var column in columns)
            {
                sb.Append("<th>").Append(Encode(column.Name)).Append("</th>");
            }

            sb.Append("</tr></thead><tbody>");
            for (var i = 0; i < shown.Count; i++)
            {
                sb.Append("<tr><td>").Append(i).Append("</td>");
                if (columns.Count == 0)
                {
                    sb.Append("<td>").Append(Encode(PlainTextOf(shown[i]))).Append("</td>");
                }

                foreach (var column in columns)
                {
                    sb.Append("<td>").Append(Encode(PlainTextOf(ReadMember(column, shown[i]!)))).Append("</td>");
                }

                sb.Append("</tr>");
            }

            if (items.Count > MaxItems)
            {
                sb.Append("<tr><td colspan=\"").Append(Math.Max(2, columns.Count + 1)).Append("\"><i>... (more)</i></td></tr>");
            }

            return sb.Append("</tbody></table>").ToString();
        }

        var members = Members(value.GetType());
        if (members.Count == 0)
        {
            return $"<div class=\"dni-plaintext\"><pre>{Encode(PlainTextOf(value))}</pre></div>";
        }

        var table = new StringBuilder("<table><thead><tr><th>").Append(Encode(TypeName(value.GetType())))
            .Append("</th><th></th></tr></thead><tbody>");
        foreach (var member in members)
        {
            table.Append("<tr><td>").Append(Encode(member.Name)).Append("</td><td>")
                 .Append(Encode(PlainTextOf(ReadMember(member, value)))).Append("</td></tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }

    private static IEnumerable<DictionaryEntry> Entries(IDictionary dictionary)
    {
        var enumerator = dictionary.GetEnumerator();
        while (enumerator.MoveNext())
        {
            yield return enumerator.Entry;
        }
    }

    private static List<MemberInfo> Members(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is PropertyInfo { CanRead: true } p && p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic
                        || m is FieldInfo)
            .ToList();

    private static object? ReadMember(MemberInfo member, object target)
    {
        try
        {
            return member switch
            {
                PropertyInfo p => p.GetValue(target),
                FieldInfo f => f.GetValue(target),
                _ => null,
            };
        }
        catch (Exception e)
        {
            var inner = ConventionFormatters.Unwrap(e);
            return $"{inner.GetType().Name}: {inner.Message}";
        }
    }

    private static string TypeName(Type type) =>
        type.Name.StartsWith("<>", StringComparison.Ordinal) ? "(anonymous)"
        : type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
