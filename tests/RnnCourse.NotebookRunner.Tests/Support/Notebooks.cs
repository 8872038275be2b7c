using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RnnCourse.NotebookRunner.Tests.Support;

/// <summary>Helpers to build, run and inspect test notebooks.</summary>
public static class Notebooks
{
    /// <summary>A C# Polyglot notebook with one code cell per source.</summary>
    public static Notebook OfCells(params string[] sources)
    {
        var notebook = Notebook.Create();
        foreach (var source in sources)
        {
            notebook.Code(source);
        }

        return notebook;
    }

    /// <summary>Runs <paramref name="notebook"/> saved in <paramref name="folder"/> (so its folder is the working directory).</summary>
    public static NotebookRunResult Run(TempFolder folder, Notebook notebook, NotebookRunOptions? options = null, string name = "notebook.ipynb")
    {
        var path = folder.Save(notebook, name);
        return NotebookExecutor.RunFileAsync(path, options).GetAwaiter().GetResult();
    }

    /// <summary>The outputs of the code cell at <paramref name="codeCellIndex"/> (0-based among code cells).</summary>
    public static List<NotebookOutput> Outputs(NotebookRunResult result, int codeCellIndex) =>
        result.Notebook.CodeCells.ElementAt(codeCellIndex).Outputs;

    /// <summary>Compiles C# source into a library at <paramref name="path"/>, for #r tests.</summary>
    public static void CompileLibrary(string path, string assemblyName, string source, params string[] referencePaths)
    {
        var frameworkDirectory = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = new[] { "System.Runtime.dll", "System.Private.CoreLib.dll", "netstandard.dll", "System.Collections.dll", "System.Linq.dll" }
            .Select(f => System.IO.Path.Combine(frameworkDirectory, f))
            .Where(File.Exists)
            .Concat(referencePaths)
            .Select(f => MetadataReference.CreateFromFile(f));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var emit = compilation.Emit(path);
        if (!emit.Success)
        {
            throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
        }
    }
}
