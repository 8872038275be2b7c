using System.Runtime.CompilerServices;

namespace RnnCourse.Tensors.Blas;

/// <summary>The scalar edge of every kernel's store: the same two roundings as the vector path.</summary>
internal static class TileUpdate
{
    /// <summary>c[j] = scaled[j] + beta * c[j] for j &lt; columns (scaled = alpha * acc); c is not read when beta == 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // inside a tile's store: a call would spill its accumulators
    public static unsafe void Row(float* c, float* scaled, int columns, float beta)
    {
        if (beta == 0f)
            for (int j = 0; j < columns; j++) c[j] = scaled[j];
        else
            for (int j = 0; j < columns; j++) c[j] = scaled[j] + beta * c[j];
    }
}
