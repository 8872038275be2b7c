using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>The metadata VS Code Polyglot Notebooks writes for a C# notebook and its cells.</summary>
public static class PolyglotMetadata
{
    /// <summary>
    /// kernelspec {".net-csharp", ".NET (C#)", "C#"}, language_info {"polyglot-notebook"} and
    /// polyglot_notebook.kernelInfo with csharp as the default kernel.
    /// </summary>
    public static JsonObject CreateNotebookMetadata() => new()
    {
        ["kernelspec"] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = ".net-csharp",
        },
        ["language_info"] = new JsonObject
        {
            ["name"] = "polyglot-notebook",
        },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = Notebook.CSharpKernelName,
                ["items"] = new JsonArray(new JsonObject
                {
                    ["aliases"] = new JsonArray(),
                    ["name"] = Notebook.CSharpKernelName,
                }),
            },
        },
    };

    /// <summary>A C# code cell's metadata: dotnet_interactive.language, polyglot_notebook.kernelName and vscode.languageId.</summary>
    public static JsonObject CreateCodeCellMetadata() => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = Notebook.CSharpKernelName },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = Notebook.CSharpKernelName },
        ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
    };
}
