namespace RnnCourse.Nn;

/// <summary>
/// An indexable list of submodules registered as "0", "1", … (torch.nn.ModuleList), for layers that are
/// called in a loop of the parent's own making — e.g. one cell per stacked layer. Registering them here
/// (rather than in a plain List) is what makes their parameters visible to NamedParameters, the state
/// dict and the optimizer. Typed, so <c>layers[i].Forward(x)</c> needs no cast.
/// </summary>
public class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> _items = [];

    public ModuleList(IEnumerable<T>? modules = null)
    {
        if (modules is not null)
            foreach (T m in modules) Add(m);
    }

    /// <summary>Appends <paramref name="module"/> under the next index name (torch: append).</summary>
    public void Add(T module)
    {
        ArgumentNullException.ThrowIfNull(module);
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
    }

    public T this[int index] => _items[index];
    public int Count => _items.Count;
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A <see cref="ModuleList{T}"/> of any modules, as PyTorch's untyped ModuleList.</summary>
public sealed class ModuleList : ModuleList<Module>
{
    public ModuleList(params Module[] modules) : base(modules) { }
}
