using System.Diagnostics;
using System.Globalization;
using RnnCourse.Nn;

namespace RnnCourse.Bench;

/// <summary>
/// Runs the scripts in bench/pytorch with Debian's python3-torch. PyTorch is compared at its best setting:
/// each script runs once per OMP_WAIT_POLICY (PASSIVE and ACTIVE; on these 2-core VMs PyTorch 1.13 runs a word
/// model twice as fast with PASSIVE, libtorch 2.10 the other way round) and times 1 and 2 threads in each.
/// </summary>
internal static class PyTorchReference
{
    /// <summary>The OpenMP wait policies tried; the policy is read when the process starts, so each gets its own.</summary>
    public static readonly string[] WaitPolicies = ["PASSIVE", "ACTIVE"];

    /// <summary>
    /// The output of bench/pytorch/<paramref name="script"/> run with <paramref name="arguments"/> under
    /// OMP_WAIT_POLICY = <paramref name="waitPolicy"/>, or null when no Python with torch is found or it fails
    /// (its error output is then echoed to stderr).
    /// </summary>
    public static string? Run(string script, string waitPolicy, IEnumerable<string> arguments)
    {
        string? path = FindScript(script);
        if (path is null) return null;
        foreach (string python in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var info = new ProcessStartInfo(python)
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                };
                info.Environment["OMP_WAIT_POLICY"] = waitPolicy;
                info.ArgumentList.Add(path);
                foreach (string a in arguments) info.ArgumentList.Add(a);
                using Process process = Process.Start(info)!;
                Task<string> error = process.StandardError.ReadToEndAsync();
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode == 0) return output;
                Console.Error.WriteLine($"{script} ({python}, OMP_WAIT_POLICY={waitPolicy}) failed: {error.Result.Trim()}");
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }

    /// <summary>The cells of the Markdown rows of <paramref name="output"/> whose first cell is <paramref name="first"/>.</summary>
    public static IEnumerable<string[]> Rows(string output, Func<string, bool> first) =>
        output.Split('\n')
              .Where(l => l.StartsWith('|'))
              .Select(l => l.Trim().Trim('|').Split('|', StringSplitOptions.TrimEntries))
              .Where(cells => first(cells[0]));

    /// <summary>A number as the scripts print it ("12,345").</summary>
    public static double Number(string cell) => double.Parse(cell.Replace(",", ""), CultureInfo.InvariantCulture);

    /// <summary>
    /// char_rnn_bench.py for one shape: PyTorch's tokens per second at its best setting (either wait policy,
    /// 1 or 2 threads), or null without torch.
    /// </summary>
    public static double? CharTokensPerSecond(RecurrentKind kind, int hidden, int runs)
    {
        string name = kind.ToString().ToLowerInvariant();
        double[] rates = WaitPolicies
            .Select(policy => Run("char_rnn_bench.py", policy,
                ["--threads", "1,2", "--runs", runs.ToString(CultureInfo.InvariantCulture), "--only", $"{name}{hidden}"]))
            .Where(output => output is not null)
            .SelectMany(output => Rows(output!, cell => cell == name)) // | kind | H | L | B | T | threads | tokens/s |
            .Select(cells => Number(cells[6]))
            .ToArray();
        return rates.Length > 0 ? rates.Max() : null;
    }

    private static string? FindScript(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "pytorch", script);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
