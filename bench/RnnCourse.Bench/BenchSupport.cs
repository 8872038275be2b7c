using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnCourse.Bench;

/// <summary>"--name value" options of the benchmark commands (and bare "--flag" switches).</summary>
internal static class Options
{
    /// <summary>
    /// Null when every argument is one of <paramref name="valued"/> followed by its value, or one of
    /// <paramref name="switches"/>; otherwise a message naming the first unknown argument and the choices.
    /// </summary>
    public static string? Unknown(string[] args, string[] valued, params string[] switches)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (valued.Contains(args[i])) { i++; continue; }
            if (switches.Contains(args[i])) continue;
            return $"unknown option '{args[i]}'. Options: {string.Join(", ", valued.Select(v => v + " VALUE").Concat(switches))}";
        }
        return null;
    }

    public static string? String(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return null;
        if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
        return args[i + 1];
    }

    public static int Int(string[] args, string name, int fallback, int minimum = 1)
        => String(args, name) is { } text
            ? int.TryParse(text, out int v) && v >= minimum ? v : throw new ArgumentException($"{name} takes a whole number of at least {minimum}, got '{text}'.")
            : fallback;

    public static double Double(string[] args, string name, double fallback, double minimum)
        => String(args, name) is { } text
            ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && v >= minimum
                ? v : throw new ArgumentException($"{name} takes a number of at least {minimum}, got '{text}'.")
            : fallback;

    /// <summary>A comma-separated list such as "--threads 1,2".</summary>
    public static int[] Ints(string[] args, string name, int[] fallback)
        => String(args, name) is { } text ? text.Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray() : fallback;

    /// <summary>A comma-separated list of words such as "--providers managed,openblas".</summary>
    public static string[] Strings(string[] args, string name, string[] fallback)
        => String(args, name) is { } text ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : fallback;
}

/// <summary>One line describing the machine a table was measured on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        string vectors = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128";
        return $"Machine: {cpu}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {vectors}, {RuntimeInformation.OSDescription}";
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to judge how quiet the machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

/// <summary>Timing shared by the benchmarks that time whole steps.</summary>
internal static class Timing
{
    /// <summary>
    /// The median seconds of <paramref name="runs"/> timed calls of <paramref name="step"/>, after calling it for at least
    /// <paramref name="warmUpSeconds"/> (and at least twice): .NET compiles hot methods again, optimised, after they
    /// have run a while (tiered compilation), and timing before that measures unoptimised code.
    /// </summary>
    public static double MedianSeconds(Action step, int runs, double warmUpSeconds)
    {
        long warmStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < 2 || Stopwatch.GetElapsedTime(warmStart).TotalSeconds < warmUpSeconds; i++) step();
        var seconds = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        return seconds[runs / 2];
    }
}
