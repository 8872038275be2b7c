using System.Runtime.InteropServices;

namespace RnnCourse.Tensors.Blas;

/// <summary>
/// Finds and loads the OpenBLAS shared library once: the file named by RNN_COURSE_OPENBLAS if set,
/// else the usual names and Debian/Ubuntu, Homebrew and Windows locations. Resolves cblas_sgemm and,
/// when exported, openblas_set_num_threads.
/// </summary>
internal static unsafe class OpenBlasLibrary
{
    /// <summary>The environment variable that may name the library file explicitly.</summary>
    public const string PathVariable = "RNN_COURSE_OPENBLAS";

    public const string InstallHint =
        "Install it (Debian/Ubuntu: apt-get install libopenblas0; macOS: brew install openblas) " +
        $"or set {PathVariable} to the library file.";

    /// <summary>The names tried in order when RNN_COURSE_OPENBLAS is not set.</summary>
    public static readonly string[] Candidates =
    [
        "libopenblas.so.0",
        "libopenblas.so",
        "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib64/libopenblas.so.0",
        "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
        "/usr/local/opt/openblas/lib/libopenblas.dylib",
        "libopenblas.dylib",
        "libopenblas.dll",
        "openblas.dll",
    ];

    /// <summary>cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc).</summary>
    public static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;

    /// <summary>openblas_set_num_threads(n), or null when the library does not export it.</summary>
    public static readonly delegate* unmanaged<int, void> SetNumThreads;

    /// <summary>The file that was loaded, or null.</summary>
    public static readonly string? LoadedFrom;

    /// <summary>openblas_get_config(): version, build options and the kernel chosen for this CPU, or null.</summary>
    public static readonly string? Configuration;

    static OpenBlasLibrary()
    {
        string? explicitPath = Environment.GetEnvironmentVariable(PathVariable);
        string[] names = string.IsNullOrWhiteSpace(explicitPath) ? Candidates : [explicitPath.Trim()];
        foreach (string name in names)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)) continue;
            Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads))
                SetNumThreads = (delegate* unmanaged<int, void>)setThreads;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint getConfig))
                Configuration = Marshal.PtrToStringAnsi((nint)((delegate* unmanaged<byte*>)getConfig)());
            LoadedFrom = name;
            return;
        }
    }

    public static bool IsLoaded => Sgemm != null;

    /// <summary>The error for a caller that selected OpenBLAS where it cannot be loaded.</summary>
    public static Exception NotFound()
    {
        string? explicitPath = Environment.GetEnvironmentVariable(PathVariable);
        string tried = string.IsNullOrWhiteSpace(explicitPath)
            ? $"tried {string.Join(", ", Candidates)}"
            : $"{PathVariable}='{explicitPath}' could not be loaded or does not export cblas_sgemm";
        return new DllNotFoundException(
            $"The 'openblas' GEMM provider needs the OpenBLAS shared library (libopenblas.so.0), which was not found ({tried}). {InstallHint}");
    }
}
