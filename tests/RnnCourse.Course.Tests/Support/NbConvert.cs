namespace RnnCourse.CourseTool.Tests.Support;

/// <summary>Jupyter's nbconvert: /usr/bin/jupyter-nbconvert, or "python -m nbconvert" with a Python that has it.</summary>
public sealed class NbConvert
{
    private readonly string _program;
    private readonly string[] _prefix;

    private NbConvert(string program, params string[] prefix)
    {
        _program = program;
        _prefix = prefix;
    }

    /// <summary>nbconvert where it is installed; null where it is not.</summary>
    public static NbConvert? Find()
    {
        foreach (var script in new[] { "/usr/bin/jupyter-nbconvert", "/usr/local/bin/jupyter-nbconvert" })
            if (File.Exists(script)) return new NbConvert(script);
        return Python.WithModule("nbconvert") is { } python ? new NbConvert(python, "-m", "nbconvert") : null;
    }

    /// <summary>Converts <paramref name="notebookPath"/> to HTML in <paramref name="folder"/>; the HTML file's path.</summary>
    public string ToHtml(string notebookPath, string folder)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var (exitCode, text) = Python.Run(_program, TimeSpan.FromMinutes(3),
            [.. _prefix, "--to", "html", notebookPath, "--output-dir", folder, "--output", name]);
        var html = Path.Combine(folder, name + ".html");
        if (exitCode != 0 || !File.Exists(html))
            throw new InvalidOperationException($"nbconvert failed with exit code {exitCode}: {text}");
        return html;
    }
}
