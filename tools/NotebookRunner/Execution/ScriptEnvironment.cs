using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using RnnCourse.NotebookRunner.Scripting;

namespace RnnCourse.NotebookRunner;

/// <summary>The Roslyn script options a notebook runs with: references, imports, resolvers.</summary>
internal static class ScriptEnvironment
{
    /// <summary>The namespaces .NET Interactive's C# kernel imports, plus the one holding Display().</summary>
    public static readonly string[] DefaultImports =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
        typeof(DisplayExtensions).Namespace!,
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    /// <summary>Options whose relative #r and #load paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static ScriptOptions Create(string baseDirectory) =>
        ScriptOptions.Default
            .AddReferences(FrameworkReferences.Value)
            .AddReferences(typeof(ScriptGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory).WithSearchPaths(baseDirectory))
            .WithSourceResolver(new SourceFileResolver([baseDirectory], baseDirectory))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithAllowUnsafe(true);

    /// <summary>Every assembly of the shared framework this process runs on, so cells see the whole BCL as in a notebook.</summary>
    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var references = new List<MetadataReference>();
        foreach (var path in trusted)
        {
            if (Path.GetDirectoryName(path) != frameworkDirectory || !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                AssemblyName.GetAssemblyName(path);
                references.Add(MetadataReference.CreateFromFile(path));
            }
            catch (BadImageFormatException)
            {
                // A native library in the framework folder.
            }
        }

        return references;
    }
}
