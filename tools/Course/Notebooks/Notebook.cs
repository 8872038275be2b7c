using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>
/// A Jupyter notebook (nbformat 4) as VS Code Polyglot Notebooks writes it: the cells, the notebook
/// metadata and any other top-level keys, which are kept untouched so that a notebook read and
/// written again differs only where the runner changed it (outputs and execution counts).
/// </summary>
/// <remarks>
/// Authoring: <c>Notebook.Create().Markdown("# Title").Code("var x = 1;\nx").Save(path)</c> writes a
/// notebook that VS Code opens as a C# Polyglot notebook and that this runner executes unchanged.
/// </remarks>
public sealed class Notebook
{
    /// <summary>The kernel name Polyglot Notebooks gives C# cells.</summary>
    public const string CSharpKernelName = "csharp";

    /// <summary>Creates an empty notebook with no metadata; see <see cref="Create"/> for a Polyglot C# notebook.</summary>
    public Notebook()
    {
    }

    /// <summary>Major format version; always 4 for the notebooks this runner reads.</summary>
    public int NbFormat { get; set; } = 4;

    /// <summary>Minor format version; 5 and later carry cell ids.</summary>
    public int NbFormatMinor { get; set; } = 5;

    /// <summary>Notebook metadata (kernelspec, language_info, polyglot_notebook and anything else).</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; } = new();

    /// <summary>Top-level keys other than cells, metadata, nbformat and nbformat_minor, kept as read.</summary>
    public JsonObject ExtraProperties { get; } = new();

    /// <summary>The code cells in order.</summary>
    public IEnumerable<NotebookCell> CodeCells => Cells.Where(c => c.IsCode);

    /// <summary>
    /// The notebook's default kernel: metadata.polyglot_notebook.kernelInfo.defaultKernelName, else
    /// derived from metadata.kernelspec.name (".net-csharp"), else "csharp".
    /// </summary>
    public string DefaultKernelName
    {
        get
        {
            if (Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] is JsonValue v &&
                v.TryGetValue(out string? name) && !string.IsNullOrWhiteSpace(name))
            {
                return name;
            }

            if (Metadata["kernelspec"]?["name"] is JsonValue spec &&
                spec.TryGetValue(out string? specName) && specName.StartsWith(".net-", StringComparison.Ordinal))
            {
                return specName[".net-".Length..];
            }

            return CSharpKernelName;
        }
    }

    /// <summary>
    /// A new, empty C# Polyglot notebook: nbformat 4.5 with the kernelspec, language_info and
    /// polyglot_notebook metadata that VS Code writes.
    /// </summary>
    public static Notebook Create()
    {
        var notebook = new Notebook { Metadata = PolyglotMetadata.CreateNotebookMetadata() };
        return notebook;
    }

    /// <summary>Appends a markdown cell and returns this notebook, for chaining.</summary>
    public Notebook Markdown(string source, string? id = null)
    {
        Add(NotebookCell.Markdown(source, id));
        return this;
    }

    /// <summary>Appends a C# code cell and returns this notebook, for chaining.</summary>
    public Notebook Code(string source, string? id = null)
    {
        Add(NotebookCell.Code(source, id));
        return this;
    }

    /// <summary>
    /// Appends a cell. A cell without an id gets one derived from its position and source, so that
    /// regenerating a notebook from the same script gives the same file.
    /// </summary>
    public Notebook Add(NotebookCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Cells.Add(cell);
        if (cell.Id is null && NbFormatMinor >= 5)
        {
            cell.Id = CellIds.Derive(Cells.Count - 1, cell.Source, Cells);
        }

        return this;
    }

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="NotebookFormatException">The file is not an nbformat 4 notebook; the message names the file.</exception>
    public static Notebook Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new NotebookFormatException($"Cannot read notebook '{path}': {e.Message}", e);
        }

        return NotebookReader.Parse(json, path);
    }

    /// <summary>Parses notebook JSON; <paramref name="sourceName"/> names the input in error messages.</summary>
    public static Notebook Parse(string json, string sourceName = "<notebook>") => NotebookReader.Parse(json, sourceName);

    /// <summary>The notebook as JSON, formatted as Jupyter and VS Code write it (sorted keys, 1-space indent).</summary>
    public string ToJson() => NotebookWriter.Write(this);

    /// <summary>Writes the notebook to <paramref name="path"/>, creating its folder if needed.</summary>
    public void Save(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, ToJson());
    }

    /// <summary>A deep copy.</summary>
    public Notebook Clone() => Parse(ToJson());
}

/// <summary>A notebook file that cannot be read; the message names the file and what is wrong.</summary>
public sealed class NotebookFormatException : Exception
{
    public NotebookFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
