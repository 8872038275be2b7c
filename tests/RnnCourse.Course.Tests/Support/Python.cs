using System.ComponentModel;
using System.Diagnostics;

namespace RnnCourse.CourseTool.Tests.Support;

/// <summary>Finds a Python that has the Jupyter modules the checks use (nbformat, nbconvert) and runs it.</summary>
public static class Python
{
    private static readonly string[] Candidates = ["python3", "/usr/bin/python3", "python"];

    /// <summary>The first of python3, /usr/bin/python3 and python that can import <paramref name="module"/>; null when none can.</summary>
    public static string? WithModule(string module)
    {
        foreach (var candidate in Candidates)
        {
            try
            {
                if (Run(candidate, TimeSpan.FromMinutes(1), "-c", $"import {module}").ExitCode == 0) return candidate;
            }
            catch (Win32Exception)
            {
                // Not installed under that name.
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="python"/> with <paramref name="args"/>; the exit code and stdout + stderr.</summary>
    public static (int ExitCode, string Output) Run(string python, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{python} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
