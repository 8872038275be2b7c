namespace RnnCourse.Tensors;

/// <summary>
/// A matrix tensor as a .NET array, for code that takes one: <c>Chart.Heatmap(x.ToArray2D(), rows, columns)</c>
/// draws an embedding matrix, a batch of hidden states or a Jacobian (chapters 3 and 4).
/// </summary>
public static class TensorArrays
{
    /// <summary>A copy of a (rows, columns) tensor as float[rows, columns]; any other rank is refused with its shape.</summary>
    /// <exception cref="ArgumentException">The tensor is not a matrix; the message names its shape.</exception>
    public static float[,] ToArray2D(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank != 2)
            throw new ArgumentException(
                $"ToArray2D: a matrix (rows, columns) is needed, got shape {Shapes.Format(tensor.ShapeArray)}; " +
                "Reshape(rows, -1) or Select one matrix first.", nameof(tensor));
        int rows = tensor.Size(0), columns = tensor.Size(1);
        var matrix = new float[rows, columns];
        Buffer.BlockCopy(tensor.Data, 0, matrix, 0, rows * columns * sizeof(float));
        return matrix;
    }
}
