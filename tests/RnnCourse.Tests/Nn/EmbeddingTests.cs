using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

/// <summary>
/// The Embedding module as chapter 3 uses it: a lookup that equals a one-hot product, and padding_idx with
/// PyTorch's meaning — the row starts at zero and never receives a gradient, so no optimizer step moves it.
/// </summary>
public class EmbeddingTests
{
    [Fact]
    public void A_lookup_equals_one_hot_rows_times_the_table()
    {
        var embedding = new Embedding(6, 3, generator: new Generator(1));
        int[] ids = [4, 0, 5, 4];

        Tensor looked = embedding.Forward(ids, 2, 2);
        Tensor oneHot = Torch.Zeros(ids.Length, 6);
        for (int i = 0; i < ids.Length; i++) oneHot[i, ids[i]] = 1f;
        Tensor product = oneHot.MatMul(embedding.Weight);

        Assert.Equal([2, 2, 3], looked.Shape);
        Assert.Equal(product.Data, looked.Data);
    }

    [Fact]
    public void The_padding_row_starts_at_zero_and_the_others_do_not()
    {
        var embedding = new Embedding(5, 4, paddingIdx: 2, generator: new Generator(2));

        Assert.All(embedding.Weight.Select(0, 2).Data, v => Assert.Equal(0f, v));
        foreach (int id in new[] { 0, 1, 3, 4 })
            Assert.Contains(embedding.Weight.Select(0, id).Data, v => v != 0f);
        Assert.Equal(2, embedding.PaddingIdx);
        Assert.Equal("Embedding(5, 4, padding_idx=2)", embedding.ToString());
    }

    [Fact]
    public void The_padding_row_gets_no_gradient_and_repeated_ids_add_up()
    {
        var embedding = new Embedding(4, 2, paddingIdx: 0, generator: new Generator(3));
        int[] ids = [1, 0, 3, 0, 1, 1];

        embedding.Forward(ids, 2, 3).Sum().Backward();

        // Each row's gradient counts its occurrences; <pad> (row 0) occurs twice and still gets none.
        Assert.Equal(new float[] { 0, 0, 3, 3, 0, 0, 1, 1 }, embedding.Weight.Grad!.Data);
    }

    [Fact]
    public void The_padding_rows_zero_gradient_is_a_rule_not_the_true_gradient()
    {
        // The output does depend on the <pad> row; padding_idx only stops the gradient, as in PyTorch.
        var embedding = new Embedding(5, 3, paddingIdx: 4, generator: new Generator(4));
        Init.Normal(embedding.Weight, generator: new Generator(5));       // a non-zero <pad> row, as a re-initialisation leaves it
        int[] ids = [2, 4, 0, 2, 1, 4];
        Tensor weights = GradCheck.Random(new Generator(6), -1, 1, 3, 2, 3);
        double Loss() { using var _ = Torch.NoGrad(); return (embedding.Forward(ids, 3, 2).Tanh() * weights).Sum().Item(); }

        (embedding.Forward(ids, 3, 2).Tanh() * weights).Sum().Backward();
        const float h = 1e-2f;
        float saved = embedding.Weight[4, 1];
        embedding.Weight[4, 1] = saved + h;
        double plus = Loss();
        embedding.Weight[4, 1] = saved - h;
        double minus = Loss();
        embedding.Weight[4, 1] = saved;

        Assert.True(Math.Abs((plus - minus) / (2 * h)) > 1e-2, "the loss changes with the <pad> row");
        Assert.Equal(0f, embedding.Weight.Grad![4, 1]);
    }

    [Fact]
    public void The_other_rows_gradient_matches_finite_differences()
    {
        var embedding = new Embedding(5, 3, paddingIdx: 4, generator: new Generator(7));
        int[] ids = [2, 3, 0, 2, 1, 0];                                      // no <pad>: every row's gradient is the true one

        GradCheck.Check(inputs => Functional.Embedding(ids, [3, 2], inputs[0], paddingIdx: 4).Tanh(), [embedding.Weight]);
    }

    [Fact]
    public void Optimizer_steps_leave_the_padding_row_at_zero()
    {
        var embedding = new Embedding(6, 4, paddingIdx: 0, generator: new Generator(5));
        Tensor before = embedding.Weight.Copy();
        var adam = new AdamW(embedding.Parameters(), learningRate: 0.1, weightDecay: 0.1);
        var sgd = new Sgd(embedding.Parameters(), learningRate: 0.1, momentum: 0.9);

        for (int step = 0; step < 3; step++)
        {
            embedding.ZeroGrad();
            Tensor looked = embedding.Forward([0, 1, 0, 2, 3, 0], 2, 3);
            (looked * GradCheck.Random(new Generator((ulong)(10 + step)), -1, 1, 2, 3, 4)).Sum().Backward();
            adam.Step();
            sgd.Step();
        }

        Assert.All(embedding.Weight.Select(0, 0).Data, v => Assert.Equal(0f, v));
        foreach (int id in new[] { 1, 2, 3 })
            Assert.NotEqual(before.Select(0, id).Data, embedding.Weight.Select(0, id).Data);
    }

    [Fact]
    public void A_padding_index_outside_the_table_is_refused()
    {
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, 2, paddingIdx: 4));
        Assert.Contains("padding index 4", high.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, 2, paddingIdx: -1));
    }
}
