using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Finds a type's formatters through the convention .NET Interactive uses for libraries that do not
/// reference it: an attribute whose class is named <c>TypeFormatterSourceAttribute</c>, with a public
/// <c>Type FormatterSourceType</c> property (and optionally <c>string[] PreferredMimeTypes</c>), on
/// the type or a base type. The source type is instantiated and its public
/// <c>CreateTypeFormatters()</c> returns formatter objects, each with a public <c>string MimeType</c>
/// and a public <c>bool Format(object, TextWriter)</c>. Everything is found by name, so a library
/// renders the same in VS Code and here without either side referencing the other.
/// </summary>
public static class ConventionFormatters
{
    public const string AttributeName = "TypeFormatterSourceAttribute";

    private static readonly ConcurrentDictionary<Type, FormatterSet> Cache = new();

    /// <summary>The formatters declared for <paramref name="type"/>; empty when it declares none.</summary>
    public static FormatterSet For(Type type) => Cache.GetOrAdd(type, Discover);

    private static FormatterSet Discover(Type type)
    {
        var formatters = new List<ConventionFormatter>();
        var preferred = new List<string>();

        foreach (var candidate in TypeHierarchy(type))
        {
            foreach (var attribute in candidate.GetCustomAttributes(inherit: false))
            {
                var attributeType = attribute.GetType();
                if (attributeType.Name != AttributeName)
                {
                    continue;
                }

                if (attributeType.GetProperty("FormatterSourceType", BindingFlags.Public | BindingFlags.Instance)?.GetValue(attribute) is not Type sourceType)
                {
                    continue;
                }

                if (attributeType.GetProperty("PreferredMimeTypes", BindingFlags.Public | BindingFlags.Instance)?.GetValue(attribute) is string[] mimes)
                {
                    preferred.AddRange(mimes.Where(m => !string.IsNullOrWhiteSpace(m)));
                }

                formatters.AddRange(CreateFormatters(sourceType, type));
            }
        }

        return new FormatterSet(formatters, preferred.Distinct(StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<Type> TypeHierarchy(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            yield return t;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }
    }

    private static IEnumerable<ConventionFormatter> CreateFormatters(Type sourceType, Type forType)
    {
        object source;
        try
        {
            source = Activator.CreateInstance(sourceType, nonPublic: true)
                     ?? throw new InvalidOperationException("Activator returned null.");
        }
        catch (Exception e)
        {
            throw new FormatterException(
                $"Cannot create formatter source {sourceType.FullName} named by {AttributeName} on {forType.FullName}: {Unwrap(e).Message}. It needs a parameterless constructor.",
                Unwrap(e));
        }

        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (create is null)
        {
            throw new FormatterException(
                $"Formatter source {sourceType.FullName} (named by {AttributeName} on {forType.FullName}) has no public CreateTypeFormatters() method.");
        }

        IEnumerable? created;
        try
        {
            created = create.Invoke(source, null) as IEnumerable;
        }
        catch (Exception e)
        {
            throw new FormatterException($"{sourceType.FullName}.CreateTypeFormatters() threw: {Unwrap(e).Message}", Unwrap(e));
        }

        var result = new List<ConventionFormatter>();
        foreach (var formatter in created ?? Array.Empty<object>())
        {
            if (formatter is not null && ConventionFormatter.TryCreate(formatter) is { } f)
            {
                result.Add(f);
            }
        }

        return result;
    }

    internal static Exception Unwrap(Exception e) =>
        e is TargetInvocationException { InnerException: { } inner } ? inner : e;
}

/// <summary>The convention formatters of one type, in declaration order, and its preferred MIME types.</summary>
public sealed class FormatterSet
{
    internal FormatterSet(IReadOnlyList<ConventionFormatter> formatters, IReadOnlyList<string> preferredMimeTypes)
    {
        Formatters = formatters;
        PreferredMimeTypes = preferredMimeTypes;
    }

    public IReadOnlyList<ConventionFormatter> Formatters { get; }

    public IReadOnlyList<string> PreferredMimeTypes { get; }

    public bool IsEmpty => Formatters.Count == 0;

    /// <summary>The MIME types these formatters produce, in first-declared order.</summary>
    public IEnumerable<string> MimeTypes => Formatters.Select(f => f.MimeType).Distinct(StringComparer.Ordinal);

    /// <summary>Formats with the first formatter for <paramref name="mimeType"/> whose Format returns true.</summary>
    public bool TryFormat(object value, string mimeType, out string text)
    {
        foreach (var formatter in Formatters)
        {
            if (formatter.MimeType == mimeType && formatter.TryFormat(value, out text))
            {
                return true;
            }
        }

        text = "";
        return false;
    }
}

/// <summary>One duck-typed formatter object: MimeType and Format(object, TextWriter).</summary>
public sealed class ConventionFormatter
{
    private readonly object _target;
    private readonly MethodInfo _format;

    private ConventionFormatter(object target, string mimeType, MethodInfo format)
    {
        _target = target;
        MimeType = mimeType;
        _format = format;
    }

    public string MimeType { get; }

    internal static ConventionFormatter? TryCreate(object target)
    {
        var type = target.GetType();
        if (type.GetProperty("MimeType", BindingFlags.Public | BindingFlags.Instance)?.GetValue(target) is not string mime ||
            string.IsNullOrWhiteSpace(mime))
        {
            return null;
        }

        var format = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == "Format" && m.ReturnType == typeof(bool) &&
                                 m.GetParameters() is [var p0, var p1] &&
                                 p0.ParameterType == typeof(object) && p1.ParameterType == typeof(TextWriter));
        return format is null ? null : new ConventionFormatter(target, mime, format);
    }

    public bool TryFormat(object value, out string text)
    {
        using var writer = new StringWriter();
        object? result;
        try
        {
            result = _format.Invoke(_target, [value, writer]);
        }
        catch (Exception e)
        {
            var inner = ConventionFormatters.Unwrap(e);
            throw new FormatterException(
                $"Formatter {_target.GetType().FullName} ({MimeType}) threw while formatting a {value.GetType().FullName}: {inner.GetType().Name}: {inner.Message}",
                inner);
        }

        text = writer.ToString();
        return result is true;
    }
}

/// <summary>A formatter found by convention failed; the message names it and the type it was formatting.</summary>
public sealed class FormatterException : Exception
{
    public FormatterException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
