using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>
/// dotnet-repl, the headless runner of the .NET Interactive kernel, at the version pinned in the repository's
/// .config/dotnet-tools.json. It is started as <c>dotnet PATH/dotnet-repl.dll</c> from the restored package, so that
/// it can run in any folder: it resolves a notebook's relative <c>#r</c> paths from its working directory, which
/// must therefore be the notebook's own folder, as in VS Code.
/// </summary>
public sealed class DotnetRepl
{
    public const string ToolName = "dotnet-repl";

    private DotnetRepl(string version, string entryPoint)
    {
        Version = version;
        EntryPoint = entryPoint;
    }

    /// <summary>The pinned version.</summary>
    public string Version { get; }

    /// <summary>The restored dotnet-repl.dll.</summary>
    public string EntryPoint { get; }

    /// <summary>
    /// Finds the pinned dotnet-repl of the repository at <paramref name="repositoryRoot"/> in NuGet's packages folder
    /// (<paramref name="packagesFolder"/>, default NUGET_PACKAGES or ~/.nuget/packages), where `dotnet tool restore` puts it.
    /// </summary>
    /// <exception cref="SetupException">Not pinned, or pinned and not restored; the message says what to run.</exception>
    public static DotnetRepl Locate(string repositoryRoot, string? packagesFolder = null)
    {
        string manifest = Path.Combine(repositoryRoot, ".config", "dotnet-tools.json");
        string? version = null;
        if (File.Exists(manifest))
        {
            try
            {
                version = JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?[ToolName]?["version"]?.GetValue<string>();
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                throw new SetupException($"{manifest} is not a valid tool manifest ({e.Message}): restore it from git.");
            }
        }
        if (version is null)
            throw new SetupException($"{manifest} does not pin {ToolName}: add it with `dotnet tool install {ToolName} --version 0.3.259` in {repositoryRoot}.");

        string package = Path.Combine(packagesFolder ?? PackagesFolder(), ToolName, version.ToLowerInvariant(), "tools");
        string? entryPoint = Directory.Exists(package)
            ? Directory.EnumerateFiles(package, "dotnet-repl.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (entryPoint is null)
            throw new SetupException($"{ToolName} {version} is not installed: run `dotnet tool restore` in {repositoryRoot}.");
        return new DotnetRepl(version, entryPoint);
    }

    /// <summary>
    /// Runs <paramref name="notebookPath"/> with <paramref name="workingDirectory"/> as the current directory and
    /// writes the executed notebook (or a TRX file, <paramref name="format"/> "trx") to <paramref name="outputPath"/>.
    /// <paramref name="environment"/> is added to this process's environment. After <paramref name="timeout"/> the
    /// process and its children are killed.
    /// </summary>
    public ReplExit Run(string notebookPath, string outputPath, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout, string format = "ipynb")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in new[] { EntryPoint, "--run", notebookPath, "--exit-after-run", "--output-format", format, "--output-path", outputPath })
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new SetupException($"could not start `dotnet {EntryPoint}`");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool finished = process.WaitForExit(timeout is { } t ? (int)Math.Min(t.TotalMilliseconds, int.MaxValue) : Timeout.Infinite);
        if (!finished)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // it ended just now
        }
        process.WaitForExit();
        lock (output) return new ReplExit(finished ? process.ExitCode : null, output.ToString());
    }

    private static string PackagesFolder()
    {
        string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return !string.IsNullOrWhiteSpace(configured)
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}

/// <summary>How a dotnet-repl process ended: its exit code (null when it was killed at the timeout) and what it printed.</summary>
public sealed record ReplExit(int? ExitCode, string Log)
{
    public bool TimedOut => ExitCode is null;
}

/// <summary>Something the course tool needs is missing (dotnet-repl, a corpus): the message says what to do.</summary>
public sealed class SetupException(string message) : Exception(message);
