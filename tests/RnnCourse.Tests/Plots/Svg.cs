using System.Globalization;
using System.Xml.Linq;

namespace RnnCourse.Tests.Plots;

/// <summary>Reads rendered charts back as XML, so tests check structure rather than strings.</summary>
internal static class Svg
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>Parses the SVG; throws when it is not well-formed XML.</summary>
    public static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    public static IEnumerable<XElement> WithClass(this XElement root, string cls) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cls) == true);

    /// <summary>The dots of line and scatter series (their paint sits on the enclosing group).</summary>
    public static IEnumerable<XElement> Markers(this XElement root) =>
        root.WithClass("series-markers").SelectMany(g => g.Elements(Ns + "circle"));

    public static IEnumerable<string> Texts(this XElement root, string cls) =>
        root.WithClass(cls).Select(e => e.Value);

    /// <summary>Parses a tick label (which uses U+2212 as minus) as a number.</summary>
    public static double Number(string label) =>
        double.Parse(label.Replace('\u2212', '-'), NumberStyles.Float, CultureInfo.InvariantCulture);
}
