using System.Diagnostics;
using System.Globalization;
using RnnCourse.Nn;

namespace RnnCourse.Bench;

/// <summary>
/// Runs bench/pytorch/char_rnn_bench.py for one shape and returns PyTorch's tokens per second at its best
/// thread setting (1 or 2), or null when no Python with torch is found (Debian: python3-torch).
/// </summary>
internal static class PyTorchReference
{
    public static double? TokensPerSecond(RecurrentKind kind, int hidden, int runs)
    {
        string? script = FindScript();
        if (script is null) return null;
        foreach (string python in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var info = new ProcessStartInfo(python)
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                };
                foreach (string a in new[] { script, "--threads", "1,2", "--runs", runs.ToString(CultureInfo.InvariantCulture),
                                             "--only", $"{kind.ToString().ToLowerInvariant()}{hidden}" })
                    info.ArgumentList.Add(a);
                using Process process = Process.Start(info)!;
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0) continue;
                // Rows: | kind | H | L | B | T | threads | tokens/s |
                double[] rates = output.Split('\n')
                    .Where(l => l.StartsWith("| " + kind.ToString().ToLowerInvariant(), StringComparison.Ordinal))
                    .Select(l => double.Parse(l.Split('|', StringSplitOptions.TrimEntries)[7].Replace(",", ""), CultureInfo.InvariantCulture))
                    .ToArray();
                if (rates.Length > 0) return rates.Max();
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "pytorch", "char_rnn_bench.py");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
