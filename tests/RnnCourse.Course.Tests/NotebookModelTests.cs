using System.Text.Json.Nodes;
using RnnCourse.CourseTool.Tests.Support;

namespace RnnCourse.CourseTool.Tests;

public class NotebookModelTests
{
    // Written as VS Code / Jupyter write notebooks: sorted keys, 1-space indent, lists of lines, final newline.
    private const string PolyglotNotebook = """
        {
         "cells": [
          {
           "attachments": {
            "dot.png": {
             "image/png": "iVBORw0KGgo="
            }
           },
           "cell_type": "markdown",
           "id": "a1b2c3d4",
           "metadata": {
            "tags": [
             "intro"
            ]
           },
           "source": [
            "# Title ✓ é 😀\n",
            "\n",
            "Some <b>bold</b> & \"quoted\" text\\path"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 3,
           "id": "e5f6a7b8",
           "metadata": {
            "custom_tool": {
             "numbers": [
              1,
              2.5,
              -3e-7,
              true,
              null
             ]
            },
            "dotnet_interactive": {
             "language": "csharp"
            },
            "polyglot_notebook": {
             "kernelName": "csharp"
            },
            "vscode": {
             "languageId": "polyglot-notebook"
            }
           },
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
              "line one\n",
              "line two\n"
             ]
            },
            {
             "data": {
              "application/json": {
               "a": [
                1,
                2
               ]
              },
              "image/png": "iVBORw0KGgo=",
              "text/html": [
               "<div>\n",
               "</div>"
              ],
              "text/plain": [
               "x"
              ]
             },
             "metadata": {},
             "output_type": "display_data"
            },
            {
             "ename": "Error",
             "evalue": "boom",
             "output_type": "error",
             "traceback": []
            }
           ],
           "source": [
            "Console.WriteLine(\"line one\");\n",
            "\tConsole.WriteLine(\"line two\");"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c9d0e1f2",
           "metadata": {},
           "outputs": [],
           "source": []
          }
         ],
         "metadata": {
          "kernelspec": {
           "display_name": ".NET (C#)",
           "language": "C#",
           "name": ".net-csharp"
          },
          "language_info": {
           "name": "polyglot-notebook"
          },
          "polyglot_notebook": {
           "kernelInfo": {
            "defaultKernelName": "csharp",
            "items": [
             {
              "aliases": [],
              "name": "csharp"
             }
            ]
           }
          },
          "unknown_tool": {
           "zeta": 1,
           "alpha": {}
          }
         },
         "nbformat": 4,
         "nbformat_minor": 5,
         "zz_extra": "kept"
        }

        """;

    [Fact]
    public void Reading_and_writing_a_polyglot_notebook_gives_back_the_same_JSON()
    {
        var notebook = Notebook.Parse(PolyglotNotebook);

        var written = notebook.ToJson();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PolyglotNotebook), JsonNode.Parse(written)));
        // Byte for byte, except that keys come out sorted ("unknown_tool" was written unsorted above).
        Assert.Equal(PolyglotNotebook.Replace("   \"zeta\": 1,\n   \"alpha\": {}", "   \"alpha\": {},\n   \"zeta\": 1"), written);
    }

    [Fact]
    public void Parsed_cells_expose_source_metadata_and_outputs()
    {
        var notebook = Notebook.Parse(PolyglotNotebook);

        Assert.Equal(3, notebook.Cells.Count);
        Assert.Equal("# Title ✓ é 😀\n\nSome <b>bold</b> & \"quoted\" text\\path", notebook.Cells[0].Source);
        Assert.Equal("csharp", notebook.Cells[1].KernelName);
        Assert.Equal(3, notebook.Cells[1].ExecutionCount);
        Assert.Equal("line one\nline two\n", notebook.Cells[1].Outputs[0].Text);
        Assert.Equal("<div>\n</div>", notebook.Cells[1].Outputs[1].Data["text/html"]);
        Assert.Equal("boom", notebook.Cells[1].Outputs[2].ErrorValue);
        Assert.Equal("csharp", notebook.DefaultKernelName);
        Assert.Equal("kept", notebook.ExtraProperties["zz_extra"]!.GetValue<string>());
    }

    [Fact]
    public void Source_given_as_one_string_is_written_as_a_list_of_lines()
    {
        const string json = """
            {"cells": [{"cell_type": "code", "execution_count": null, "id": "x1", "metadata": {}, "outputs": [],
              "source": "var a = 1;\nvar b = 2;\n"}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """;

        var written = JsonNode.Parse(Notebook.Parse(json).ToJson())!;

        var source = written["cells"]![0]!["source"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(["var a = 1;\n", "var b = 2;\n"], source);
    }

    [Fact]
    public void Created_notebooks_carry_the_polyglot_csharp_metadata()
    {
        var notebook = Notebook.Create().Markdown("# Chapter 1\nText").Code("var x = 1;\nx");

        var json = JsonNode.Parse(notebook.ToJson())!;

        Assert.Equal(4, json["nbformat"]!.GetValue<int>());
        Assert.Equal(5, json["nbformat_minor"]!.GetValue<int>());
        var expectedMetadata = JsonNode.Parse("""
            {
              "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
              "language_info": {"name": "polyglot-notebook"},
              "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}
            }
            """);
        Assert.True(JsonNode.DeepEquals(expectedMetadata, json["metadata"]), json["metadata"]!.ToJsonString());

        var markdown = json["cells"]![0]!;
        Assert.Equal("markdown", markdown["cell_type"]!.GetValue<string>());
        Assert.Null(markdown["outputs"]);
        Assert.Empty(markdown["metadata"]!.AsObject());

        var code = json["cells"]![1]!;
        Assert.Equal("csharp", code["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal("csharp", code["metadata"]!["dotnet_interactive"]!["language"]!.GetValue<string>());
        Assert.Null(code["execution_count"]);
        Assert.Empty(code["outputs"]!.AsArray());
    }

    [Fact]
    public void Created_notebooks_are_written_with_one_space_indent_and_a_final_newline()
    {
        var text = Notebook.Create().Code("1").ToJson();

        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",", text);
        Assert.EndsWith("\n}\n", text);
    }

    [Fact]
    public void Cell_ids_are_valid_unique_and_the_same_each_time_a_notebook_is_generated()
    {
        static Notebook Build() => Notebook.Create().Code("x").Code("x").Markdown("x").Code("y");

        var first = Build();
        var second = Build();

        var ids = first.Cells.Select(c => c.Id!).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, second.Cells.Select(c => c.Id!));
        Assert.Equal(first.ToJson(), second.ToJson());
    }

    [Fact]
    public void Save_and_Load_round_trip_through_a_file()
    {
        using var folder = new TempFolder();
        var notebook = Notebook.Create().Markdown("# T").Code("Console.WriteLine(1);");

        var path = folder.Save(notebook, "sub/folder/created.ipynb");
        var loaded = Notebook.Load(path);

        Assert.Equal(notebook.ToJson(), loaded.ToJson());
        Assert.Equal(File.ReadAllText(path), loaded.ToJson());
    }

    [Fact]
    public void Unsupported_formats_are_refused_with_the_file_named()
    {
        using var folder = new TempFolder();
        var old = folder.WriteText("old.ipynb", """{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}""");
        var broken = folder.WriteText("broken.ipynb", "{ not json");

        var e1 = Assert.Throws<NotebookFormatException>(() => Notebook.Load(old));
        var e2 = Assert.Throws<NotebookFormatException>(() => Notebook.Load(broken));

        Assert.Contains("old.ipynb", e1.Message);
        Assert.Contains("nbformat 3", e1.Message);
        Assert.Contains("broken.ipynb", e2.Message);
    }

    [Fact]
    public void Clone_is_independent_of_the_original()
    {
        var notebook = Notebook.Parse(PolyglotNotebook);

        var copy = notebook.Clone();
        copy.Cells[1].Outputs.Clear();
        copy.Cells[1].Metadata["custom_tool"] = "changed";

        Assert.Equal(3, notebook.Cells[1].Outputs.Count);
        Assert.Equal(PolyglotNotebook.Length, notebook.ToJson().Length);
    }
}
