using System.Collections;
using System.Reflection;

namespace RnnCourse.Display;

/// <summary>
/// Formats a value the way .NET Interactive does for types that carry an attribute named
/// <c>TypeFormatterSourceAttribute</c>: found by name, its formatter source created by reflection and its
/// formatters called through their <c>MimeType</c>, <c>Type</c> and <c>Format</c> members. The tests use it to
/// check the library's formatters exactly as the Polyglot kernel finds and calls them, without a kernel.
/// </summary>
public static class DisplayConvention
{
    private const string AttributeName = "TypeFormatterSourceAttribute";

    /// <summary>The preferred MIME types declared for <paramref name="type"/>, or empty when none are declared.</summary>
    public static IReadOnlyList<string> PreferredMimeTypes(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        foreach (var attribute in SourceAttributes(type))
        {
            if (Property(attribute, "PreferredMimeTypes") is string[] { Length: > 0 } mimeTypes)
                return mimeTypes;
        }
        return [];
    }

    /// <summary>
    /// Formats <paramref name="value"/> as <paramref name="mimeType"/> with the formatters its type declares;
    /// false when it declares none for that MIME type or they all decline.
    /// </summary>
    public static bool TryFormat(object value, string mimeType, out string formatted)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        var type = value.GetType();
        foreach (var attribute in SourceAttributes(type))
        {
            if (Property(attribute, "FormatterSourceType") is not Type sourceType) continue;
            var source = Activator.CreateInstance(sourceType)!;
            var create = sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)
                ?? throw new InvalidOperationException(
                    $"{sourceType.FullName} is named as a formatter source for {type.FullName} but has no public CreateTypeFormatters() method.");
            if (create.Invoke(source, null) is not IEnumerable formatters) continue;
            foreach (var formatter in formatters)
            {
                if (formatter is null || Property(formatter, "MimeType") as string != mimeType) continue;
                var handles = Property(formatter, "Type") as Type ?? type;
                if (!handles.IsAssignableFrom(type)) continue;
                var format = formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                if (format is null) continue;
                using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                if (format.Invoke(formatter, [value, writer]) is true)
                {
                    formatted = writer.ToString();
                    return true;
                }
            }
        }
        formatted = "";
        return false;
    }

    private static IEnumerable<object> SourceAttributes(Type type) =>
        type.GetCustomAttributes(inherit: true).Where(a => a.GetType().Name == AttributeName);

    private static object? Property(object target, string name) =>
        target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(target);
}
