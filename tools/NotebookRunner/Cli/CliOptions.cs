using System.Globalization;

namespace RnnCourse.NotebookRunner;

/// <summary>The output written for a run: the executed notebook, or a VSTest results file.</summary>
public enum OutputFormat
{
    ipynb,
    trx,
}

/// <summary>Command-line options, named and shaped as dotnet-repl's.</summary>
public sealed class CliOptions
{
    public string? RunPath { get; private set; }

    public string? OutputPath { get; private set; }

    public OutputFormat OutputFormat { get; private set; } = OutputFormat.ipynb;

    public bool ExitAfterRun { get; private set; }

    public string? WorkingDirectory { get; private set; }

    public Dictionary<string, string> Inputs { get; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan? CellTimeout { get; private set; }

    public bool ShowHelp { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>True when --run names a folder: every notebook under it runs.</summary>
    public bool IsFolderRun => RunPath is not null && Directory.Exists(RunPath);

    public const string HelpText = """
        rnn-notebook: runs Polyglot (.NET Interactive) C# notebooks headless, with dotnet-repl's options.

        Usage:
          rnn-notebook --run PATH [--exit-after-run] [--output-path PATH] [--output-format ipynb|trx]
                       [--working-dir DIR] [--input KEY=VALUE]... [--cell-timeout SECONDS]

        Options:
          --run PATH                A notebook (.ipynb) to run, or a folder: every *.ipynb under it runs in
                                    name order (bin, obj and .ipynb_checkpoints are skipped) and a summary
                                    table is printed.
          --exit-after-run          Accepted for dotnet-repl compatibility; this runner always exits after
                                    the run (it has no interactive REPL).
          --output-path PATH        Where to write the result: a file for one notebook, a folder for a
                                    folder run (the notebooks' relative paths are kept). Without it the
                                    executed notebook is not written anywhere (the source is never
                                    changed) and a trx result goes to standard output.
          --output-format FORMAT    ipynb (default): the notebook with its outputs; trx: a VSTest result
                                    file with one test per code cell.
          --working-dir DIR         The folder cells run in and relative #r/#load paths start from.
                                    Default: each notebook's own folder, as in VS Code.
          --input KEY=VALUE         A value for @input:KEY (also @input:"KEY" and @password:KEY) tokens in
                                    cells. Repeat for several; quote values with spaces.
          --cell-timeout SECONDS    Fail a cell that runs longer than this; the notebook stops there
                                    (running code cannot be interrupted). Default: no limit.
          --default-kernel csharp   Accepted for dotnet-repl compatibility; only csharp is supported.
          --version                 Print the version.
          -h, -?, --help            Show this help.

        Exit codes:
          0  every code cell of every notebook ran without an error output
          1  the command line was wrong (nothing ran), or a folder held no notebooks
          2  at least one cell failed (compile error, exception, unsupported magic, timeout) or a
             notebook could not be read
        """;

    /// <summary>Parses <paramref name="args"/>; on a usage error returns null and sets <paramref name="error"/>.</summary>
    public static CliOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new CliOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && (arg.IndexOf('=') is var eq and > 0) &&
                !arg.StartsWith("--input", StringComparison.Ordinal))
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            else if (arg.StartsWith("--input=", StringComparison.Ordinal))
            {
                inlineValue = arg["--input=".Length..];
                arg = "--input";
            }

            string? Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 < args.Count && !IsOptionName(args[i + 1]))
                {
                    return args[++i];
                }

                return null;
            }

            switch (arg)
            {
                case "-h" or "-?" or "--help" or "/?" or "/h":
                    options.ShowHelp = true;
                    break;
                case "--version":
                    options.ShowVersion = true;
                    break;
                case "--exit-after-run":
                    if (inlineValue is not null && !bool.TryParse(inlineValue, out _))
                    {
                        error = $"Cannot parse argument '{inlineValue}' for option '--exit-after-run' as expected type 'System.Boolean'.";
                        return null;
                    }

                    options.ExitAfterRun = inlineValue is null || bool.Parse(inlineValue);
                    break;
                case "--run":
                    options.RunPath = Value() ?? MissingValue(arg, ref error);
                    break;
                case "--output-path":
                    options.OutputPath = Value() ?? MissingValue(arg, ref error);
                    break;
                case "--working-dir":
                    options.WorkingDirectory = Value() ?? MissingValue(arg, ref error);
                    break;
                case "--output-format":
                    {
                        var value = Value();
                        if (value is null)
                        {
                            MissingValue(arg, ref error);
                        }
                        else if (Enum.TryParse<OutputFormat>(value, ignoreCase: true, out var format) && Enum.IsDefined(format))
                        {
                            options.OutputFormat = format;
                        }
                        else
                        {
                            error = $"Argument '{value}' not recognized. Must be one of:\n\t'ipynb'\n\t'trx'";
                        }

                        break;
                    }

                case "--default-kernel":
                    {
                        var value = Value();
                        if (value is null)
                        {
                            MissingValue(arg, ref error);
                        }
                        else if (!string.Equals(value, "csharp", StringComparison.OrdinalIgnoreCase))
                        {
                            error = $"Argument '{value}' not recognized for --default-kernel: this runner supports only 'csharp'.";
                        }

                        break;
                    }

                case "--cell-timeout":
                    {
                        var value = Value();
                        if (value is null)
                        {
                            MissingValue(arg, ref error);
                        }
                        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 1e7)
                        {
                            options.CellTimeout = TimeSpan.FromSeconds(seconds);
                        }
                        else
                        {
                            error = $"--cell-timeout needs a positive number of seconds (got '{value}').";
                        }

                        break;
                    }

                case "--input":
                    {
                        // As in dotnet-repl, one --input may be followed by several KEY=VALUE tokens.
                        var values = new List<string>();
                        if (inlineValue is not null)
                        {
                            values.Add(inlineValue);
                        }
                        else
                        {
                            while (i + 1 < args.Count && !IsOptionName(args[i + 1]))
                            {
                                values.Add(args[++i]);
                            }
                        }

                        foreach (var token in values)
                        {
                            var parts = token.Split('=', 2);
                            if (parts.Length != 2 || parts[0].Length == 0)
                            {
                                values.Clear();
                                break;
                            }

                            options.Inputs[parts[0]] = parts[1];
                        }

                        if (values.Count == 0)
                        {
                            error = "The --input option requires an argument in the format <key>=<value>";
                        }

                        break;
                    }

                default:
                    error = $"Unrecognized command or argument '{args[i]}'.";
                    break;
            }

            if (error is not null)
            {
                return null;
            }
        }

        if (options.ShowHelp || options.ShowVersion)
        {
            return options;
        }

        error = options.Validate();
        return error is null ? options : null;
    }

    private string? Validate()
    {
        if (RunPath is null)
        {
            return "Option '--run' is required: this runner has no interactive REPL, so name a notebook or a folder of notebooks to run.";
        }

        if (Directory.Exists(RunPath))
        {
            if (OutputPath is not null && File.Exists(OutputPath))
            {
                return $"--output-path '{OutputPath}' is a file; for a folder run it must be a folder (it is created if missing).";
            }
        }
        else if (!File.Exists(RunPath))
        {
            return $"File does not exist: '{RunPath}'.";
        }
        else if (!RunPath.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{RunPath}' is not a .ipynb notebook; this runner runs Jupyter/Polyglot notebooks only.";
        }

        if (WorkingDirectory is not null && !Directory.Exists(WorkingDirectory))
        {
            return $"Directory does not exist: '{WorkingDirectory}'.";
        }

        return null;
    }

    private static bool IsOptionName(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) || arg is "-h" or "-?";

    private static string? MissingValue(string option, ref string? error)
    {
        error = $"Required argument missing for option: '{option}'.";
        return null;
    }
}
