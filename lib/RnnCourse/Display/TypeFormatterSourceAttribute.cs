namespace RnnCourse.Display;

/// <summary>
/// Names the class that builds the notebook formatters for the type it decorates.
/// </summary>
/// <remarks>
/// .NET Interactive (the Polyglot Notebooks kernel) finds this attribute by its name alone,
/// <c>TypeFormatterSourceAttribute</c>, reads <see cref="FormatterSourceType"/> and
/// <see cref="PreferredMimeTypes"/> by name, creates the source with its parameterless constructor and
/// calls its public <c>CreateTypeFormatters()</c>. Each formatter it returns is read by its public
/// <c>MimeType</c>, <c>Type</c> and <c>Format(object, TextWriter)</c> members (see <see cref="TypeFormatter"/>).
/// So the library needs no reference to Microsoft.DotNet.Interactive, and a notebook that references
/// RnnCourse.dll shows charts and tensors richly without any setup. The attribute is inherited, so putting
/// it on a base class covers every derived class.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <param name="formatterSourceType">
    /// A class with a public parameterless constructor and a public <c>CreateTypeFormatters()</c> method.
    /// </param>
    public TypeFormatterSourceAttribute(Type formatterSourceType)
    {
        ArgumentNullException.ThrowIfNull(formatterSourceType);
        FormatterSourceType = formatterSourceType;
    }

    /// <summary>The class whose <c>CreateTypeFormatters()</c> returns the formatters.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>
    /// The MIME types a notebook shows for the decorated type, most preferred first (for example
    /// <c>["text/html"]</c>); null leaves the kernel's default.
    /// </summary>
    public string[]? PreferredMimeTypes { get; set; }
}
