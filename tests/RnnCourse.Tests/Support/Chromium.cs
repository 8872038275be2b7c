using System.Diagnostics;

namespace RnnCourse.Tests.Support;

/// <summary>
/// Drives headless Chromium to see a page the way a reader does: a screenshot, or the DOM after the page's
/// scripts ran. Each run gets a fresh profile folder and no network features, so runs are independent and
/// offline. Guard callers with <c>Requires.Tool(Chromium.IsAvailable, "chromium", output)</c>.
/// </summary>
public static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The browser: $RNN_COURSE_CHROMIUM, else the first of the usual install paths that exists.</summary>
    public static string? Executable { get; } = Find();

    public static bool IsAvailable => Executable is not null;

    /// <summary>Renders <paramref name="htmlPath"/> in a window of the given size and writes a PNG to <paramref name="pngPath"/>.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width, int height)
    {
        var full = Path.GetFullPath(pngPath);
        if (File.Exists(full)) File.Delete(full);
        Run([$"--screenshot={full}", $"--window-size={width},{height}", "--hide-scrollbars", Url(htmlPath)]);
        if (!File.Exists(full)) throw new InvalidOperationException($"Chromium exited without writing the screenshot {full}.");
    }

    /// <summary>The serialised DOM of <paramref name="htmlPath"/> after its scripts ran, laid out in a window
    /// <paramref name="width"/> pixels wide when given (Chromium's default otherwise).</summary>
    public static string DumpDom(string htmlPath, int? width = null) =>
        Run(width is int w ? [$"--window-size={w},1000", "--dump-dom", Url(htmlPath)] : ["--dump-dom", Url(htmlPath)]);

    private static string Run(IEnumerable<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("rnn-course-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("Chromium is not installed."))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}"])
                start.ArgumentList.Add(flag);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish within {Timeout.TotalSeconds} s.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode}: {Tail(stderr.Result)}");
            return stdout.Result;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Url(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("RNN_COURSE_CHROMIUM");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable" }
            .FirstOrDefault(File.Exists);
    }
}
