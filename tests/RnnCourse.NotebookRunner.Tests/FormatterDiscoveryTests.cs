using RnnCourse.NotebookRunner.Tests.Support;

namespace RnnCourse.NotebookRunner.Tests
{
    using RnnCourse.NotebookRunner.Tests.ConventionSamples;

    public class FormatterDiscoveryTests
    {
        [Fact]
        public void A_type_with_its_own_TypeFormatterSourceAttribute_is_formatted_by_its_formatters()
        {
            var data = DisplayFormatter.Format(new Sparkline(1, 3, 2)).ToDictionary();

            Assert.Equal("<svg class=\"sparkline\" data-points=\"3\"></svg>", data["text/html"]);
            Assert.Equal("sparkline of 3 points", data["text/plain"]);
        }

        [Fact]
        public void Base_type_attributes_apply_to_derived_types()
        {
            var data = DisplayFormatter.Format(new RedSparkline(5, 6)).ToDictionary();

            Assert.Equal("<svg class=\"sparkline\" data-points=\"2\"></svg>", data["text/html"]);
        }

        [Fact]
        public void When_every_formatter_declines_the_default_formatting_is_used()
        {
            var data = DisplayFormatter.Format(new Sparkline()).ToDictionary();

            Assert.Contains("<table>", data["text/html"]);
            Assert.Equal(new Sparkline().ToString(), data["text/plain"]);
        }

        [Fact]
        public void Preferred_mime_types_on_the_attribute_choose_what_is_produced()
        {
            var data = DisplayFormatter.Format(new PlainOnly()).ToDictionary();

            Assert.Equal(["text/plain"], data.Keys);
            Assert.Equal("plain from formatter", data["text/plain"]);
        }

        [Fact]
        public void Asking_for_a_mime_type_uses_the_matching_formatter()
        {
            var data = DisplayFormatter.Format(new Sparkline(1, 2), "text/html").ToDictionary();

            Assert.Equal(["text/html", "text/plain"], data.Keys.OrderBy(k => k));
            Assert.StartsWith("<svg", data["text/html"]);
        }

        [Fact]
        public void A_throwing_formatter_is_reported_by_name()
        {
            var e = Assert.Throws<FormatterException>(() => DisplayFormatter.Format(new Explosive()));

            Assert.Contains(typeof(ExplodingFormatter).FullName!, e.Message);
            Assert.Contains(typeof(Explosive).FullName!, e.Message);
            Assert.Contains("kaboom", e.Message);
        }

        [Fact]
        public void A_library_referenced_by_a_notebook_renders_through_its_formatter_source()
        {
            using var folder = new TempFolder();
            Notebooks.CompileLibrary(folder.Combine("lib", "Charts.dll"), "Charts", """
                using System;
                using System.Collections.Generic;
                using System.IO;

                namespace Charts;

                [AttributeUsage(AttributeTargets.Class)]
                internal sealed class TypeFormatterSourceAttribute : Attribute
                {
                    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;
                    public Type FormatterSourceType { get; }
                }

                [TypeFormatterSource(typeof(ChartFormatterSource))]
                public sealed class LineChart
                {
                    public LineChart(string title) => Title = title;
                    public string Title { get; }
                    public override string ToString() => "LineChart " + Title;
                }

                internal sealed class ChartFormatterSource
                {
                    public IEnumerable<object> CreateTypeFormatters()
                    {
                        yield return new SvgFormatter();
                    }
                }

                internal sealed class SvgFormatter
                {
                    public string MimeType => "text/html";
                    public bool Format(object instance, TextWriter writer)
                    {
                        if (instance is not LineChart chart) return false;
                        writer.Write("<svg><title>" + chart.Title + "</title></svg>");
                        return true;
                    }
                }
                """);

            var result = Notebooks.Run(folder, Notebooks.OfCells(
                "#r \"lib/Charts.dll\"",
                "display(new Charts.LineChart(\"loss\"));\nnew Charts.LineChart(\"perplexity\")"));

            Assert.True(result.Succeeded, string.Join("\n", result.Cells.Select(c => c.ErrorMessage)));
            var outputs = Notebooks.Outputs(result, 1);
            Assert.Equal("<svg><title>loss</title></svg>", outputs[0].Data["text/html"]);
            Assert.Equal("LineChart loss", outputs[0].Data["text/plain"]);
            Assert.Equal("execute_result", outputs[1].OutputType);
            Assert.Equal("<svg><title>perplexity</title></svg>", outputs[1].Data["text/html"]);
        }

        [Fact]
        public void A_formatter_that_throws_inside_a_cell_fails_that_cell()
        {
            using var folder = new TempFolder();
            var testAssembly = typeof(Explosive).Assembly.Location;

            var result = Notebooks.Run(folder, Notebooks.OfCells(
                $"#r \"{testAssembly}\"",
                "display(new RnnCourse.NotebookRunner.Tests.ConventionSamples.Explosive());"));

            Assert.Equal(CellOutcome.Failed, result.Cells[1].Outcome);
            Assert.Contains("kaboom", result.Cells[1].ErrorMessage);
        }
    }
}

namespace RnnCourse.NotebookRunner.Tests.ConventionSamples
{
    // Defined here, not shared with the runner: the runner finds these by name only, as .NET
    // Interactive does for libraries that do not reference it.
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true)]
    internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
    {
        public Type FormatterSourceType { get; } = formatterSourceType;

        public string[]? PreferredMimeTypes { get; set; }
    }

    [TypeFormatterSource(typeof(SparklineFormatterSource))]
    public class Sparkline(params double[] values)
    {
        public double[] Values { get; } = values;
    }

    public sealed class RedSparkline(params double[] values) : Sparkline(values);

    internal sealed class SparklineFormatterSource
    {
        public IEnumerable<object> CreateTypeFormatters()
        {
            yield return new SparklineHtml();
            yield return new SparklinePlain();
            yield return "not a formatter";
        }
    }

    internal sealed class SparklineHtml
    {
        public string MimeType => "text/html";

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not Sparkline { Values.Length: > 0 } s)
            {
                return false;
            }

            writer.Write($"<svg class=\"sparkline\" data-points=\"{s.Values.Length}\"></svg>");
            return true;
        }
    }

    internal sealed class SparklinePlain
    {
        public string MimeType => "text/plain";

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not Sparkline { Values.Length: > 0 } s)
            {
                return false;
            }

            writer.Write($"sparkline of {s.Values.Length} points");
            return true;
        }
    }

    [TypeFormatterSource(typeof(PlainOnlySource), PreferredMimeTypes = ["text/plain"])]
    public sealed class PlainOnly;

    internal sealed class PlainOnlySource
    {
        public IEnumerable<object> CreateTypeFormatters() =>
        [
            new FixedFormatter("text/html", "<b>html from formatter</b>"),
            new FixedFormatter("text/plain", "plain from formatter"),
        ];
    }

    internal sealed class FixedFormatter(string mimeType, string text)
    {
        public string MimeType => mimeType;

        public bool Format(object instance, TextWriter writer)
        {
            writer.Write(text);
            return true;
        }
    }

    [TypeFormatterSource(typeof(ExplodingSource))]
    public sealed class Explosive;

    internal sealed class ExplodingSource
    {
        public IEnumerable<object> CreateTypeFormatters() => [new ExplodingFormatter()];
    }

    internal sealed class ExplodingFormatter
    {
        public string MimeType => "text/html";

        public bool Format(object instance, TextWriter writer) => throw new InvalidOperationException("kaboom");
    }
}
