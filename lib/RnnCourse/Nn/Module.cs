using System.Text;
using RnnCourse.Tensors;

namespace RnnCourse.Nn;

/// <summary>
/// The base of every layer and model (torch.nn.Module): it registers parameters and submodules under
/// names, so that <see cref="NamedParameters"/> yields PyTorch's dotted names ("rnn.weight_ih_l0"),
/// the state dict round-trips through safetensors, and Train/Eval reach every submodule.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Parameter Parameter)> _parameters = [];
    private readonly List<(string Name, Module Module)> _modules = [];

    /// <summary>True in training mode (dropout active), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a learnable tensor under <paramref name="name"/> and returns it as a <see cref="Parameter"/>.</summary>
    protected Parameter RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        var parameter = value as Parameter ?? new Parameter(value);
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a submodule under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid parameter or module name: use a non-empty name without dots.");
        if (_parameters.Any(p => p.Name == name) || _modules.Any(m => m.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.");
    }

    /// <summary>The direct submodules with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _modules;

    /// <summary>
    /// Every parameter of this module and its submodules, depth first, with dotted names. A parameter shared by two
    /// modules (tied weights) comes once, under its first name, as in PyTorch: the optimizer updates it once, the
    /// state dict saves it once, and loading it sets both modules.
    /// </summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        var stack = new Stack<(string Prefix, Module Module)>();
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        stack.Push(("", this));
        while (stack.Count > 0)
        {
            var (prefix, module) = stack.Pop();
            foreach (var (name, p) in module._parameters)
                if (seen.Add(p)) yield return (prefix + name, p);
            for (int i = module._modules.Count - 1; i >= 0; i--)
                stack.Push((prefix + module._modules[i].Name + ".", module._modules[i].Module));
        }
    }

    /// <summary>Every parameter, in <see cref="NamedParameters"/> order.</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>The total number of learnable scalars.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Numel);

    /// <summary>Sets training mode here and in every submodule; returns this module.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, m) in _modules) m.Train(training);
        return this;
    }

    /// <summary>Evaluation mode: dropout off.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (Parameter p in Parameters()) p.ZeroGrad();
    }

    /// <summary>The parameters by dotted name, sharing their data (torch: state_dict()).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, p) in NamedParameters()) state[name] = p.Detach();
        return state;
    }

    /// <summary>
    /// Copies tensors into the parameters of the same names (torch: load_state_dict). With
    /// <paramref name="strict"/>, a missing or unexpected name is an error; a shape mismatch always is.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var named = NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        if (strict)
        {
            string[] missing = named.Keys.Where(k => !state.ContainsKey(k)).ToArray();
            string[] unexpected = state.Keys.Where(k => !named.ContainsKey(k)).ToArray();
            if (missing.Length > 0 || unexpected.Length > 0)
                throw new ArgumentException(
                    $"LoadStateDict into {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]. " +
                    "Build the model with the same configuration as the one saved, or pass strict: false.");
        }
        foreach (var (name, value) in state)
        {
            if (!named.TryGetValue(name, out Parameter? p)) continue;
            if (!p.Shape.SequenceEqual(value.Shape))
                throw new ArgumentException(
                    $"LoadStateDict: '{name}' has shape ({string.Join(", ", p.Shape)}) in the model but ({string.Join(", ", value.Shape)}) in the state.");
            value.Data.AsSpan().CopyTo(p.Data);
        }
    }

    /// <summary>A one-line description of this module's own configuration, e.g. "in=3, out=4".</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The module tree as PyTorch prints it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb, this, 0);
        return sb.ToString();

        static void Append(StringBuilder sb, Module m, int indent)
        {
            sb.Append(m.GetType().Name).Append('(').Append(m.ExtraRepr());
            if (m._modules.Count > 0)
            {
                sb.AppendLine();
                foreach (var (name, child) in m._modules)
                {
                    sb.Append(' ', indent + 2).Append('(').Append(name).Append("): ");
                    Append(sb, child, indent + 2);
                    sb.AppendLine();
                }
                sb.Append(' ', indent);
            }
            sb.Append(')');
        }
    }
}

/// <summary>A module with one input and one output, so it can be chained in a <c>Sequential</c>.</summary>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>Computes the module's output.</summary>
    public abstract TOutput Forward(TInput input);
}
