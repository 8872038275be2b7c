using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Optim;

/// <summary>What every optimizer shares: parameter groups, learning rate, ZeroGrad and argument checks.</summary>
public class OptimizerTests
{
    [Fact]
    public void GroupsKeepTheirOwnLearningRateAndWeightDecay()
    {
        Tensor w = Torch.Ones(2).RequiresGrad_(), b = Torch.Ones(2).RequiresGrad_();
        var sgd = new Sgd([new ParamGroup([w]), new ParamGroup([b], learningRate: 0.5, weightDecay: 0)], learningRate: 0.1, weightDecay: 0.2);
        Assert.Equal((0.1, 0.2), (sgd.ParamGroups[0].LearningRate, sgd.ParamGroups[0].WeightDecay));
        Assert.Equal((0.5, 0.0), (sgd.ParamGroups[1].LearningRate, sgd.ParamGroups[1].WeightDecay));
        Assert.Equal(new[] { w, b }, sgd.Parameters);

        w.Grad = Torch.Ones(2);
        b.Grad = Torch.Ones(2);
        sgd.Step();
        Assert.All(w.Data, v => Assert.Equal(1f - 0.1f * (1f + 0.2f), v, 6));
        Assert.All(b.Data, v => Assert.Equal(0.5f, v));

        sgd.LearningRate = 0.01;
        Assert.All(sgd.ParamGroups, g => Assert.Equal(0.01, g.LearningRate));
    }

    [Fact]
    public void ZeroGradClearsEveryGradient()
    {
        var model = new Linear(3, 2);
        var adam = new Adam(model.Parameters());
        foreach (var p in model.Parameters()) p.Grad = Torch.Ones([.. p.Shape]);
        adam.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void RefusesEmptyOrRepeatedParameters()
    {
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new Adam(Array.Empty<Tensor>())).Message);
        Tensor p = Torch.Ones(2).RequiresGrad_();
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([p]), new ParamGroup([p])])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], learningRate: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta2: 1.0));
    }

    [Fact]
    public void AGradientOfTheWrongSizeIsReported()
    {
        Tensor p = Torch.Ones(2, 3).RequiresGrad_();
        p.Grad = Torch.Ones(4);
        var e = Assert.Throws<InvalidOperationException>(() => new Sgd([p], 0.1).Step());
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(4,)", e.Message);
    }
}
