using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

/// <summary>Sequential and ModuleList: PyTorch's index names, forward chaining, and mode propagation.</summary>
public class ContainerTests
{
    [Fact]
    public void SequentialNamesChildrenByIndexAndChainsThem()
    {
        var g = new Generator(1);
        var first = new Linear(3, 4, generator: g);
        var dropout = new Dropout(0.5f, new Generator(2));
        var second = new Linear(4, 2, generator: g);
        var model = new Sequential(first, dropout, second);

        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["0", "1", "2"], model.NamedChildren().Select(c => c.Name));
        Assert.Equal(3, model.Count);
        Assert.Same(dropout, model[1]);
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, model.ParameterCount);

        model.Eval();
        Tensor x = GradCheck.Random(new Generator(3), -1, 1, 5, 3);
        Tensor expected = second.Forward(first.Forward(x));
        Tensor actual = model.Forward(x);
        Assert.Equal([5, 2], actual.Shape);
        Assert.Equal(expected.Data, actual.Data);
        Assert.False(dropout.Training);
    }

    [Fact]
    public void SequentialGradientsReachEveryLayer()
    {
        var model = new Sequential(new Linear(3, 4, generator: new Generator(4)), new Linear(4, 1, generator: new Generator(5)));
        model.Forward(GradCheck.Random(new Generator(6), -1, 1, 2, 3)).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
    }

    [Fact]
    public void SequentialAppendContinuesTheNumberingAndPrintsAsPyTorch()
    {
        var model = new Sequential(new Linear(2, 2)).Append(new Dropout(0.1f));
        Assert.Equal(["0", "1"], model.NamedChildren().Select(c => c.Name));
        string text = model.ToString();
        Assert.StartsWith("Sequential(", text);
        Assert.Contains("(0): Linear(in_features=2, out_features=2, bias=True)", text);
        Assert.Contains("(1): Dropout(p=0.1)", text);
    }

    [Fact]
    public void EmptySequentialIsTheIdentity()
    {
        Tensor x = Torch.Ones(2);
        Assert.Same(x, new Sequential().Forward(x));
    }

    private sealed class Stack : Module
    {
        public ModuleList<Linear> Layers { get; }
        public Stack()
        {
            var g = new Generator(7);
            Layers = RegisterModule("layers", new ModuleList<Linear> { new Linear(3, 3, generator: g), new Linear(3, 3, bias: false, generator: g) });
        }
    }

    [Fact]
    public void ModuleListRegistersItsItemsUnderIndexNames()
    {
        var stack = new Stack();
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight"], stack.NamedParameters().Select(p => p.Name));
        Assert.Equal(2, stack.Layers.Count);
        Assert.Equal([3, 3], stack.Layers[1].Weight.Shape);
        Assert.Equal(stack.Layers, stack.Layers.ToList()); // enumerates in order

        Tensor x = GradCheck.Random(new Generator(8), -1, 1, 2, 3);
        Tensor h = x;
        foreach (Linear layer in stack.Layers) h = layer.Forward(h).Tanh();
        Assert.Equal([2, 3], h.Shape);

        stack.Eval();
        Assert.All(stack.Layers, l => Assert.False(l.Training));
        Assert.Contains("layers.1.weight", stack.StateDict().Keys);
    }

    [Fact]
    public void UntypedModuleListHoldsAnyModules()
    {
        var list = new ModuleList(new Linear(2, 3), new Dropout(0.2f));
        list.Add(new Embedding(5, 2));
        Assert.Equal(["0.weight", "0.bias", "2.weight"], list.NamedParameters().Select(p => p.Name));
        Assert.IsType<Dropout>(list[1]);
    }
}
