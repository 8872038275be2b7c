using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Prepares a cell's source for Roslyn: replaces @input tokens with the values given on the command
/// line, strips the <c>#!csharp</c> kernel selector, turns <c>#!set --name N --value V</c> into a C#
/// variable, and reports .NET Interactive features that plain C# scripting lacks (other magics,
/// <c>#r "nuget: ..."</c>, <c>#i</c>) by line number with what to do instead. Line numbers are kept, so
/// compiler messages point at the notebook's lines.
/// </summary>
internal static partial class CellPreprocessor
{
    // @input:name, @input:"prompt text", @input:{"prompt": "...", "saveAs": "..."}; the same for @password.
    [GeneratedRegex("""@(?<kind>input|password):(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<json>\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\})|(?<bare>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*))""")]
    private static partial Regex InputToken();

    [GeneratedRegex("""^\s*#r\s+"\s*nuget\s*:(?<package>[^"]*)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex NugetReference();

    [GeneratedRegex("""^\s*#i\b""")]
    private static partial Regex IncludeSource();

    [GeneratedRegex("""^\s*#!(?<name>\S+)(?<rest>.*)$""")]
    private static partial Regex Magic();

    [GeneratedRegex("""^\s*(#r\b|#load\b|(global\s+)?using\s+(static\s+)?[\w.]+(\s*=\s*[^;(]+)?\s*;\s*(//.*)?$|//|$)""")]
    private static partial Regex DirectiveOrBlank();

    private static readonly HashSet<string> CSharpSelectors = new(StringComparer.Ordinal) { "csharp", "c#", "C#" };

    private static readonly HashSet<string> OtherLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "markdown", "md", "sql", "kql",
        "mermaid", "python", "r", "http", "value",
    };

    public sealed record Result(string Code, IReadOnlyList<string> Errors);

    public static Result Process(string source, IReadOnlyDictionary<string, string> inputs)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var errors = new List<string>();
        var declarations = new StringBuilder();

        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i];
            var magic = Magic().Match(line);

            if (magic.Success)
            {
                var name = magic.Groups["name"].Value;
                if (CSharpSelectors.Contains(name) && magic.Groups["rest"].Value.Trim().Length == 0)
                {
                    lines[i] = "";
                }
                else if (name == "set")
                {
                    lines[i] = "";
                    if (TranslateSet(magic.Groups["rest"].Value, inputs, out var declaration, out var error))
                    {
                        declarations.Append(declaration).Append(' ');
                    }
                    else
                    {
                        errors.Add($"Line {lineNumber}: {error}");
                    }
                }
                else
                {
                    errors.Add($"Line {lineNumber}: {MagicAdvice(name)}");
                }

                continue;
            }

            if (NugetReference().Match(line) is { Success: true } nuget)
            {
                var package = nuget.Groups["package"].Value.Trim();
                errors.Add(
                    $"Line {lineNumber}: #r \"nuget: {package}\" needs .NET Interactive's NuGet support, which this runner does not have. " +
                    "Reference a built assembly by a path relative to the notebook instead, e.g. #r \"../lib/RnnCourse/bin/Release/net8.0/RnnCourse.dll\".");
                continue;
            }

            if (IncludeSource().IsMatch(line))
            {
                errors.Add(
                    $"Line {lineNumber}: #i (a NuGet package source) is a .NET Interactive directive this runner does not support; " +
                    "remove it and reference built assemblies with #r \"path/to/library.dll\".");
                continue;
            }

            lines[i] = ReplaceInputs(line, lineNumber, inputs, errors);
        }

        if (declarations.Length > 0)
        {
            // Declarations go before the first statement: #r, #load and using directives must come first in a script.
            var target = Array.FindIndex(lines, l => !DirectiveOrBlank().IsMatch(l));
            if (target < 0)
            {
                lines[^1] += (lines[^1].Length > 0 ? " " : "") + declarations.ToString().TrimEnd();
            }
            else
            {
                lines[target] = declarations + lines[target];
            }
        }

        return new Result(string.Join("\n", lines), errors);
    }

    private static string ReplaceInputs(string line, int lineNumber, IReadOnlyDictionary<string, string> inputs, List<string> errors) =>
        InputToken().Replace(line, match =>
        {
            var key = KeyOf(match);
            if (key is not null && TryGetInput(inputs, key, out var value))
            {
                return value;
            }

            errors.Add(MissingInput(lineNumber, match.Value, key));
            return match.Value;
        });

    private static string? KeyOf(Match match)
    {
        if (match.Groups["bare"].Success)
        {
            return match.Groups["bare"].Value;
        }

        if (match.Groups["quoted"].Success)
        {
            return Regex.Unescape(match.Groups["quoted"].Value);
        }

        try
        {
            using var doc = JsonDocument.Parse(match.Groups["json"].Value);
            foreach (var property in new[] { "saveAs", "prompt" })
            {
                if (doc.RootElement.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String)
                {
                    return p.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static bool TryGetInput(IReadOnlyDictionary<string, string> inputs, string key, out string value)
    {
        foreach (var (k, v) in inputs)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = "";
        return false;
    }

    private static string MissingInput(int lineNumber, string token, string? key) =>
        key is null
            ? $"Line {lineNumber}: {token} has neither a \"saveAs\" nor a \"prompt\" to name its value; add one and pass it with --input NAME=VALUE."
            : $"Line {lineNumber}: no value for {token}; pass one with --input \"{key}=VALUE\" (there is nobody to prompt in a headless run).";

    /// <summary>#!set --name N --value V (V literal, quoted or an @input token) becomes: var N = "V";</summary>
    private static bool TranslateSet(string arguments, IReadOnlyDictionary<string, string> inputs, out string declaration, out string error)
    {
        declaration = "";
        var tokens = Tokenize(arguments);
        string? name = null;
        string? value = null;
        for (var t = 0; t < tokens.Count; t++)
        {
            switch (tokens[t])
            {
                case "--name" when t + 1 < tokens.Count:
                    name = tokens[++t];
                    break;
                case "--value" when t + 1 < tokens.Count:
                    value = tokens[++t];
                    break;
                default:
                    error = $"#!set supports only --name NAME --value VALUE in this runner (got '{tokens[t]}'); " +
                            "for anything else write the C# assignment directly.";
                    return false;
            }
        }

        if (name is null || value is null || !SyntaxFacts.IsValidIdentifier(name))
        {
            error = "#!set needs --name IDENTIFIER --value VALUE.";
            return false;
        }

        if (value is "@input" or "@password")
        {
            value = $"@input:{name}";
        }

        var token = InputToken().Match(value);
        if (token.Success && token.Index == 0 && token.Length == value.Length)
        {
            var key = KeyOf(token);
            if (key is null || !TryGetInput(inputs, key, out var input))
            {
                error = MissingInput(0, value, key)[("Line 0: ".Length)..];
                return false;
            }

            value = input;
        }
        else if (value.StartsWith('@'))
        {
            error = $"#!set --value {value} shares a value between kernels, which this runner (C# only) does not support; assign it in C# instead.";
            return false;
        }

        declaration = $"var {name} = {SymbolDisplay.FormatLiteral(value, quote: true)};";
        error = "";
        return true;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '\\' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (any)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else if (c == '"' && !(current.Length > 0 && current[^1] == ':'))
            {
                inQuotes = true;
                any = true;
            }
            else if (c == '"' || c == '{')
            {
                // Keep @input:"..." and @input:{...} whole, quotes and braces included, for InputToken to read.
                var close = c == '"' ? FindClosingQuote(text, i) : FindClosingBrace(text, i);
                current.Append(text, i, close - i + 1);
                i = close;
                any = true;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    private static int FindClosingQuote(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static int FindClosingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                i = FindClosingQuote(text, i);
            }
            else if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static string MagicAdvice(string name)
    {
        var magic = "#!" + name;
        if (OtherLanguages.Contains(name))
        {
            return $"'{magic}' switches to another language; this runner runs C# cells only. Move that code into its own non-C# cell or rewrite it in C#.";
        }

        var hint = name switch
        {
            "time" => "time the code with System.Diagnostics.Stopwatch instead",
            "import" => "use #load \"file.csx\" for C# script files",
            "about" or "lsmagic" or "who" or "whos" => "remove the line",
            "share" => "compute the value in C# instead",
            "connect" => "connect from C# code instead",
            _ => "remove the line or do the same in C#",
        };
        return $"'{magic}' is a .NET Interactive magic command, which this runner (plain C# scripting) does not support; {hint}.";
    }
}
