using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>
/// One output of a code cell, held as its JSON object so that outputs read from a file are written
/// back exactly. The factories build the four nbformat output types; the accessors read them.
/// </summary>
public sealed class NotebookOutput
{
    public const string StreamType = "stream";
    public const string DisplayDataType = "display_data";
    public const string ExecuteResultType = "execute_result";
    public const string ErrorType = "error";

    public NotebookOutput(JsonObject json)
    {
        Json = json ?? throw new ArgumentNullException(nameof(json));
    }

    /// <summary>The output as stored in the notebook.</summary>
    public JsonObject Json { get; }

    /// <summary>"stream", "display_data", "execute_result" or "error".</summary>
    public string OutputType => GetString("output_type") ?? "";

    /// <summary>For a stream: "stdout" or "stderr".</summary>
    public string? StreamName => GetString("name");

    /// <summary>For a stream: its text.</summary>
    public string? Text => Json["text"] is { } t ? TextLines.Join(t) : null;

    /// <summary>For display_data and execute_result: the MIME bundle (text values joined into one string).</summary>
    public IReadOnlyDictionary<string, string> Data
    {
        get
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Json["data"] is JsonObject data)
            {
                foreach (var (mime, value) in data)
                {
                    result[mime] = value is null ? "" : value is JsonArray or JsonValue ? TextLines.Join(value) : value.ToJsonString();
                }
            }

            return result;
        }
    }

    /// <summary>For execute_result: its execution count.</summary>
    public int? ExecutionCount => Json["execution_count"] is JsonValue v && v.TryGetValue(out int n) ? n : null;

    /// <summary>For an error: the error name.</summary>
    public string? ErrorName => GetString("ename");

    /// <summary>For an error: the error message.</summary>
    public string? ErrorValue => GetString("evalue");

    /// <summary>For an error: the traceback lines.</summary>
    public IReadOnlyList<string> Traceback =>
        Json["traceback"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public bool IsError => OutputType == ErrorType;

    /// <summary>A stream output ("stdout" or "stderr").</summary>
    public static NotebookOutput Stream(string name, string text) => new(new JsonObject
    {
        ["name"] = name,
        ["output_type"] = StreamType,
        ["text"] = TextLines.ToJsonArray(text),
    });

    /// <summary>A display_data output with the given MIME bundle.</summary>
    public static NotebookOutput DisplayData(IEnumerable<KeyValuePair<string, string>> data) => new(new JsonObject
    {
        ["data"] = MimeBundle(data),
        ["metadata"] = new JsonObject(),
        ["output_type"] = DisplayDataType,
    });

    /// <summary>An execute_result output (the value of a cell's trailing expression).</summary>
    public static NotebookOutput ExecuteResult(int executionCount, IEnumerable<KeyValuePair<string, string>> data) => new(new JsonObject
    {
        ["data"] = MimeBundle(data),
        ["execution_count"] = executionCount,
        ["metadata"] = new JsonObject(),
        ["output_type"] = ExecuteResultType,
    });

    /// <summary>An error output.</summary>
    public static NotebookOutput Error(string name, string value, IEnumerable<string> traceback) => new(new JsonObject
    {
        ["ename"] = name,
        ["evalue"] = value,
        ["output_type"] = ErrorType,
        ["traceback"] = new JsonArray(traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
    });

    /// <summary>
    /// A MIME bundle as nbformat stores it: JSON MIME types (application/json, application/*+json) as
    /// parsed JSON when the text parses, text-like types as a list of lines, others as one string.
    /// </summary>
    public static JsonObject MimeBundle(IEnumerable<KeyValuePair<string, string>> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            bundle[mime] = MimeValue(mime, value);
        }

        return bundle;
    }

    private static JsonNode? MimeValue(string mime, string value)
    {
        if (IsJsonMime(mime))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (System.Text.Json.JsonException)
            {
                return JsonValue.Create(value);
            }
        }

        return IsSplitMime(mime) ? TextLines.ToJsonArray(value) : JsonValue.Create(value);
    }

    internal static bool IsJsonMime(string mime) =>
        mime == "application/json" || (mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("+json", StringComparison.Ordinal));

    // nbformat splits these into lines when it writes a notebook; other types (images) stay one string.
    internal static bool IsSplitMime(string mime) =>
        mime.StartsWith("text/", StringComparison.Ordinal) || mime is "application/javascript" or "image/svg+xml";

    private string? GetString(string key) =>
        Json[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
