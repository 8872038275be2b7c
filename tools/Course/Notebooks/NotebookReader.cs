using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>Reads nbformat 4 JSON into a <see cref="Notebook"/>, keeping unknown keys as read.</summary>
internal static class NotebookReader
{
    private static readonly HashSet<string> KnownTopLevel = ["cells", "metadata", "nbformat", "nbformat_minor"];
    private static readonly HashSet<string> KnownCell = ["cell_type", "id", "source", "metadata", "execution_count", "outputs"];

    public static Notebook Parse(string json, string sourceName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"'{sourceName}' is not valid JSON: {e.Message}", e);
        }

        if (root is not JsonObject obj)
        {
            throw new NotebookFormatException($"'{sourceName}' is not a notebook: the top level must be a JSON object.");
        }

        var nbformat = ReadInt(obj["nbformat"]);
        if (nbformat != 4)
        {
            throw new NotebookFormatException(
                $"'{sourceName}' has nbformat {(nbformat?.ToString() ?? "missing")}; only nbformat 4 notebooks are supported (save it again from VS Code or Jupyter).");
        }

        var notebook = new Notebook
        {
            NbFormat = 4,
            NbFormatMinor = ReadInt(obj["nbformat_minor"]) ?? 0,
            Metadata = obj["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject(),
        };

        foreach (var (key, value) in obj)
        {
            if (!KnownTopLevel.Contains(key))
            {
                notebook.ExtraProperties[key] = value?.DeepClone();
            }
        }

        if (obj["cells"] is not JsonArray cells)
        {
            throw new NotebookFormatException($"'{sourceName}' is not a notebook: it has no \"cells\" array.");
        }

        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cellObj)
            {
                throw new NotebookFormatException($"'{sourceName}': cell {i + 1} is not a JSON object.");
            }

            notebook.Cells.Add(ReadCell(cellObj, i, sourceName));
        }

        return notebook;
    }

    private static NotebookCell ReadCell(JsonObject obj, int index, string sourceName)
    {
        var type = obj["cell_type"] is JsonValue t && t.TryGetValue(out string? s) ? s
            : throw new NotebookFormatException($"'{sourceName}': cell {index + 1} has no \"cell_type\".");

        var cell = new NotebookCell(type, TextLines.Join(obj["source"]))
        {
            Id = obj["id"] is JsonValue idValue && idValue.TryGetValue(out string? id) ? id : null,
            Metadata = obj["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject(),
            ExecutionCount = ReadInt(obj["execution_count"]),
        };

        if (obj["outputs"] is JsonArray outputs)
        {
            foreach (var output in outputs)
            {
                if (output is JsonObject o)
                {
                    cell.Outputs.Add(new NotebookOutput((JsonObject)o.DeepClone()));
                }
            }
        }

        foreach (var (key, value) in obj)
        {
            if (!KnownCell.Contains(key))
            {
                cell.ExtraProperties[key] = value?.DeepClone();
            }
        }

        return cell;
    }

    private static int? ReadInt(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out int n) ? n
        : node is JsonValue d && d.TryGetValue(out double x) && x == Math.Floor(x) ? (int)x
        : null;
}
