using RnnCourse.Tensors;

namespace RnnCourse.Tests.Tensors;

/// <summary>A matrix tensor as float[rows, columns], row-major as the tensor stores it.</summary>
public class TensorArraysTests
{
    [Fact]
    public void A_matrix_becomes_an_array_indexed_row_then_column()
    {
        Tensor x = Torch.FromRows([[1f, 2f, 3f], [4f, 5f, 6f]]);

        float[,] matrix = x.ToArray2D();

        Assert.Equal(2, matrix.GetLength(0));
        Assert.Equal(3, matrix.GetLength(1));
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(x[r, c], matrix[r, c]);
    }

    [Fact]
    public void The_array_is_a_copy()
    {
        Tensor x = Torch.FromRows([[1f, 2f], [3f, 4f]]);
        float[,] matrix = x.ToArray2D();

        x.Data[3] = 40f;

        Assert.Equal(4f, matrix[1, 1]);
    }

    [Fact]
    public void A_transposed_or_sliced_matrix_gives_its_own_values()
    {
        Tensor x = Torch.Arange(6).Reshape(2, 3);

        float[,] transposed = x.T.ToArray2D();
        float[,] row = x.Select(0, 1).Reshape(1, 3).ToArray2D();

        Assert.Equal(new float[,] { { 0, 3 }, { 1, 4 }, { 2, 5 } }, transposed);
        Assert.Equal(new float[,] { { 3, 4, 5 } }, row);
    }

    [Fact]
    public void Other_ranks_are_refused_with_their_shape()
    {
        var vector = Assert.Throws<ArgumentException>(() => Torch.Zeros(4).ToArray2D());
        var batch = Assert.Throws<ArgumentException>(() => Torch.Zeros(2, 3, 4).ToArray2D());

        Assert.Contains("(4,)", vector.Message);
        Assert.Contains("(2, 3, 4)", batch.Message);
    }
}
