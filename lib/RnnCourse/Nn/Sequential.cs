using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// A chain of layers applied in order, y = fₙ(…f₂(f₁(x))) (torch.nn.Sequential). The children are registered
/// as "0", "1", …, so their parameters are named "0.weight", "1.bias", … as in PyTorch.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>, IReadOnlyList<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        foreach (var layer in layers) Append(layer);
    }

    /// <summary>Adds a layer at the end under the next index name; returns this container.</summary>
    public Sequential Append(Module<Tensor, Tensor> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>x → each layer in turn; an empty Sequential is the identity.</summary>
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }

    public Module<Tensor, Tensor> this[int index] => _layers[index];
    public int Count => _layers.Count;
    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => _layers.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
