using System.Text.Json;

namespace RnnCourse.Text;

/// <summary>Reading the JSON files of vocabularies and tokenizers, with errors that name the file and the fix.</summary>
internal static class TokenizerJson
{
    public static string ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No tokenizer or vocabulary file at '{path}'. Check the path, or train one and Save it there.", path);
        return File.ReadAllText(path);
    }

    /// <summary>Parses <paramref name="json"/> and reads it with <paramref name="read"/>; any JSON error names <paramref name="source"/>.</summary>
    public static T Parse<T>(string json, string source, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Corrupt(source, "the top level is not a JSON object");
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw Corrupt(source, $"it is not valid JSON ({e.Message})", e);
        }
    }

    public static InvalidDataException Corrupt(string source, string problem, Exception? inner = null) =>
        new($"The tokenizer/vocabulary data from {source} is corrupt: {problem}. " +
            "Re-create it with Save from a freshly trained tokenizer or vocabulary.", inner);

    public static string RequiredString(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Corrupt(source, $"the field \"{name}\" (a string) is missing");

    public static void RequireFormat(JsonElement root, string expected, string source)
    {
        string format = RequiredString(root, "format", source);
        if (format != expected)
            throw Corrupt(source, $"its format is '{format}' but '{expected}' was expected");
        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
            throw Corrupt(source, "the field \"version\" must be 1");
    }

    public static JsonElement RequiredArray(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw Corrupt(source, $"the field \"{name}\" (an array) is missing");

    public static bool OptionalBool(JsonElement root, string name, bool fallback, string source)
    {
        if (!root.TryGetProperty(name, out var value)) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Corrupt(source, $"the field \"{name}\" must be true or false"),
        };
    }
}
