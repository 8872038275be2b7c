using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using RnnCourse.Display;
using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

/// <summary>
/// Charts must show as HTML in a Polyglot notebook with no setup. The kernel finds formatters by naming
/// convention; this replays its steps by reflection, by name only, exactly as it binds them.
/// </summary>
public class FormatterConventionTests
{
    [Theory]
    [InlineData("loss")]
    [InlineData("perplexity")]
    [InlineData("jacobians")]
    [InlineData("grid")]
    public void TheKernelConventionFindsAnHtmlFormatterForEveryChartKind(string name)
    {
        var chart = Gallery.All().Single(c => c.Name == name).Chart;
        var type = chart.GetType();

        // 1. Attributes on the type (inherited ones included) whose class is named TypeFormatterSourceAttribute.
        var attribute = Assert.Single(type.GetCustomAttributes(true), a => a.GetType().Name == "TypeFormatterSourceAttribute");
        Assert.NotEqual("Microsoft.DotNet.Interactive.Formatting", attribute.GetType().Namespace);

        // 2. Its FormatterSourceType and PreferredMimeTypes, read as properties by name.
        var sourceType = Assert.IsAssignableFrom<Type>(attribute.GetType().GetProperty("FormatterSourceType")!.GetGetMethod()!.Invoke(attribute, null));
        var preferred = Assert.IsType<string[]>(attribute.GetType().GetProperty("PreferredMimeTypes")!.GetGetMethod()!.Invoke(attribute, null));
        Assert.Equal(new[] { "text/html" }, preferred);

        // 3. The source, created with its parameterless constructor; CreateTypeFormatters() returns an IEnumerable.
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = Assert.IsAssignableFrom<IEnumerable>(sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)).Cast<object>().ToArray();

        // 4. Each formatter: string MimeType, Type Type, and one public Format(object, TextWriter) compiled into a delegate.
        var byMimeType = new Dictionary<string, Func<object, TextWriter, bool>>();
        foreach (var formatter in formatters)
        {
            var mimeType = Assert.IsType<string>(formatter.GetType().GetProperty("MimeType")!.GetGetMethod()!.Invoke(formatter, null));
            var handles = Assert.IsAssignableFrom<Type>(formatter.GetType().GetProperty("Type")!.GetGetMethod()!.Invoke(formatter, null));
            Assert.True(handles.IsAssignableFrom(type), $"the {mimeType} formatter handles {handles}, not {type}");
            var format = formatter.GetType().GetMethod("Format")!; // throws AmbiguousMatchException if overloaded
            Assert.Equal(typeof(bool), format.ReturnType);
            var value = Expression.Parameter(typeof(object));
            var writer = Expression.Parameter(typeof(TextWriter));
            byMimeType[mimeType] = Expression.Lambda<Func<object, TextWriter, bool>>(
                Expression.Call(Expression.Constant(formatter), format, value, writer), value, writer).Compile();
        }

        // 5. Format the chart as the preferred MIME type.
        using var html = new StringWriter();
        Assert.True(byMimeType["text/html"](chart, html));
        Assert.Contains(chart.ToSvg(), html.ToString());
        Assert.Equal(chart.ToSvg(), Format(byMimeType["image/svg+xml"], chart));
        Assert.Equal(chart.ToString(), Format(byMimeType["text/plain"], chart));

        // A formatter declines what it does not handle.
        Assert.False(byMimeType["text/html"]("not a chart", new StringWriter()));
    }

    [Fact]
    public void TheLibraryDoesNotReferenceDotNetInteractive()
    {
        var references = typeof(Chart).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
    }

    [Fact]
    public void FormatMustNotBeOverloadedOrTheKernelCannotBindIt()
    {
        var formats = typeof(TypeFormatter).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "Format").ToArray();
        var format = Assert.Single(formats);
        Assert.Equal(new[] { typeof(object), typeof(TextWriter) }, format.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public void DisplayConventionFormatsLikeTheKernel()
    {
        var chart = Gallery.Scatter();
        Assert.Equal(new[] { MimeTypes.Html }, DisplayConvention.PreferredMimeTypes(chart.GetType()));
        Assert.True(DisplayConvention.TryFormat(chart, MimeTypes.Html, out var html));
        Assert.Equal(chart.ToHtml(), html);
        Assert.True(DisplayConvention.TryFormat(chart, MimeTypes.PlainText, out var text));
        Assert.Equal(chart.ToString(), text);
        Assert.False(DisplayConvention.TryFormat(chart, "application/json", out _));
        Assert.False(DisplayConvention.TryFormat(new object(), MimeTypes.Html, out _));
        Assert.Empty(DisplayConvention.PreferredMimeTypes(typeof(string)));
    }

    [Fact]
    public void OtherTypesCanUseTheSameAttribute()
    {
        Assert.True(DisplayConvention.TryFormat(new Celsius(21.5), MimeTypes.Html, out var html));
        Assert.Equal("<b>21.5 °C</b>", html);
        Assert.Equal(new[] { MimeTypes.Html, MimeTypes.PlainText }, DisplayConvention.PreferredMimeTypes(typeof(Celsius)));
    }

    private static string Format(Func<object, TextWriter, bool> format, object value)
    {
        using var writer = new StringWriter();
        Assert.True(format(value, writer));
        return writer.ToString();
    }

    [TypeFormatterSource(typeof(CelsiusFormatters), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.PlainText })]
    public sealed record Celsius(double Degrees);

    public sealed class CelsiusFormatters
    {
        public IEnumerable<TypeFormatter> CreateTypeFormatters() =>
        [
            TypeFormatter.For<Celsius>(MimeTypes.Html, c => FormattableString.Invariant($"<b>{c.Degrees} °C</b>")),
            TypeFormatter.For<Celsius>(MimeTypes.PlainText, c => FormattableString.Invariant($"{c.Degrees} °C")),
        ];
    }
}
