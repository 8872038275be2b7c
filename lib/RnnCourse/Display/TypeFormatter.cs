namespace RnnCourse.Display;

/// <summary>
/// One formatter in the shape .NET Interactive expects from a formatter source: it writes instances of
/// <see cref="Type"/> (and of derived types) as <see cref="MimeType"/>.
/// </summary>
/// <remarks>
/// The kernel binds these members by name, so their names and signatures are the contract:
/// <c>string MimeType</c>, <c>Type Type</c> and a single public <c>bool Format(object, TextWriter)</c>.
/// </remarks>
public sealed class TypeFormatter
{
    private readonly Func<object, TextWriter, bool> _format;

    /// <param name="type">The type this formatter handles, derived types included.</param>
    /// <param name="mimeType">The MIME type it writes, for example <see cref="MimeTypes.Html"/>.</param>
    /// <param name="format">Writes the instance and returns true, or returns false to decline it.</param>
    public TypeFormatter(Type type, string mimeType, Func<object, TextWriter, bool> format)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        ArgumentNullException.ThrowIfNull(format);
        Type = type;
        MimeType = mimeType;
        _format = format;
    }

    /// <summary>Creates a formatter for <typeparamref name="T"/> from a function that renders it as text.</summary>
    public static TypeFormatter For<T>(string mimeType, Func<T, string> render) where T : notnull =>
        new(typeof(T), mimeType, (instance, writer) =>
        {
            if (instance is not T value) return false;
            writer.Write(render(value));
            return true;
        });

    /// <summary>The MIME type this formatter writes.</summary>
    public string MimeType { get; }

    /// <summary>The type this formatter handles (derived types included).</summary>
    public Type Type { get; }

    /// <summary>Writes <paramref name="instance"/> to <paramref name="writer"/>; false when it is not of <see cref="Type"/>.</summary>
    public bool Format(object instance, TextWriter writer) => _format(instance, writer);

    public override string ToString() => $"{Type.Name} as {MimeType}";
}
