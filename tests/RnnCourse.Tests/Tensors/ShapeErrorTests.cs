using RnnCourse.Tensors;

namespace RnnCourse.Tests.Tensors;

/// <summary>Every shape mistake names the op and prints both shapes.</summary>
public class ShapeErrorTests
{
    [Fact]
    public void BroadcastMismatchPrintsBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Torch.Zeros(2, 3) + Torch.Zeros(4));
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(4,)", e.Message);
        Assert.StartsWith("Add", e.Message);
    }

    [Fact]
    public void MatMulInnerMismatchPrintsBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Torch.Zeros(2, 3).MatMul(Torch.Zeros(4, 5)));
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(4, 5)", e.Message);
        Assert.Contains("3 and 4", e.Message);
        var batch = Assert.Throws<ArgumentException>(() => Torch.Zeros(2, 3, 4).MatMul(Torch.Zeros(3, 4, 5)));
        Assert.Contains("batch", batch.Message);
        var rank = Assert.Throws<ArgumentException>(() => Torch.Zeros(3).MatMul(Torch.Zeros(3, 4)));
        Assert.Contains("(3,)", rank.Message);
    }

    [Fact]
    public void ReshapeCatAndLossMismatchesNameTheShapes()
    {
        Assert.Contains("(2, 3)", Assert.Throws<ArgumentException>(() => Torch.Zeros(2, 3).Reshape(4, 2)).Message);
        var cat = Assert.Throws<ArgumentException>(() => Tensor.Cat([Torch.Zeros(2, 3), Torch.Zeros(3, 3)], 1));
        Assert.Contains("(3, 3)", cat.Message);
        var mse = Assert.Throws<ArgumentException>(() => Functional.MseLoss(Torch.Zeros(2), Torch.Zeros(3)));
        Assert.Contains("(2,)", mse.Message);
        Assert.Contains("(3,)", mse.Message);
        var ce = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Torch.Zeros(2, 4, 5), [1, 2, 3]));
        Assert.Contains("(2, 4, 5)", ce.Message);
    }

    [Fact]
    public void BadIndicesAreNamed()
    {
        var ce = Assert.Throws<IndexOutOfRangeException>(() => Functional.CrossEntropy(Torch.Zeros(2, 3), [0, 7]));
        Assert.Contains("target 7", ce.Message);
        var emb = Assert.Throws<IndexOutOfRangeException>(() => Functional.Embedding([5], [1], Torch.Zeros(4, 2)));
        Assert.Contains("<unk>", emb.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Torch.Zeros(2, 3).Sum(2));
        Assert.Throws<IndexOutOfRangeException>(() => Torch.Zeros(2, 3).Select(1, 3));
    }
}
