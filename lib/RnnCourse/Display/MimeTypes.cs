namespace RnnCourse.Display;

/// <summary>The MIME types the course's formatters write.</summary>
public static class MimeTypes
{
    /// <summary>HTML, what notebooks show by default.</summary>
    public const string Html = "text/html";

    /// <summary>Plain text, the fallback of every front end.</summary>
    public const string PlainText = "text/plain";

    /// <summary>A standalone SVG document.</summary>
    public const string Svg = "image/svg+xml";
}
