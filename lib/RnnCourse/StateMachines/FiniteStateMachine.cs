using System.Text;
using RnnCourse.Display;

namespace RnnCourse.StateMachines;

/// <summary>
/// A finite-state machine (chapter 1): finitely many states, an alphabet of input symbols, a transition table
/// that names the next state for every (state, symbol) pair, a start state and a set of accepting states. It is
/// the <see cref="StateMachine{TState, TInput, TOutput}"/> whose f_s is a table lookup and whose output
/// f_o(s) is whether s accepts. A notebook shows it as its transition table.
/// </summary>
/// <example>
/// <code>
/// var parity = FiniteStateMachines.Parity();   // accepts bit strings with an even number of 1s
/// parity.Accepts([1, 0, 1])                    // true
/// parity.Run([1, 1, 1]).States                 // odd, even, odd
/// </code>
/// </example>
[TypeFormatterSource(typeof(FiniteStateMachineFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.PlainText })]
public sealed class FiniteStateMachine<TState, TSymbol> : StateMachine<TState, TSymbol, bool>, IFiniteStateMachine
    where TState : notnull
    where TSymbol : notnull
{
    private readonly Dictionary<(TState, TSymbol), TState> _table;
    private readonly HashSet<TState> _accepting;

    /// <param name="states">Every state, in the order the table is shown.</param>
    /// <param name="alphabet">Every input symbol, in the order the table is shown.</param>
    /// <param name="table">The next state for each (state, symbol); every pair must be there.</param>
    /// <param name="start">s₀, one of <paramref name="states"/>.</param>
    /// <param name="accepting">The states whose output is true.</param>
    /// <exception cref="ArgumentException">A state or symbol is repeated, the start, an accepting state or a
    /// table entry names an unknown state or symbol, or a (state, symbol) pair has no entry.</exception>
    public FiniteStateMachine(IEnumerable<TState> states, IEnumerable<TSymbol> alphabet,
                              IReadOnlyDictionary<(TState State, TSymbol Symbol), TState> table,
                              TState start, IEnumerable<TState> accepting)
        : this(Validate(states, alphabet, table, start, accepting), start)
    {
    }

    private FiniteStateMachine(Definition definition, TState start)
        : base(start, (state, symbol) => Next(definition, state, symbol), state => definition.Accepting.Contains(state))
    {
        States = definition.States;
        Alphabet = definition.Alphabet;
        _table = definition.Table;
        _accepting = definition.Accepting;
    }

    /// <summary>The states, in table order.</summary>
    public IReadOnlyList<TState> States { get; }

    /// <summary>The input symbols, in table order.</summary>
    public IReadOnlyList<TSymbol> Alphabet { get; }

    /// <summary>The accepting states (those whose output is true).</summary>
    public IReadOnlySet<TState> Accepting => _accepting;

    /// <summary>The transition table: the next state for each (state, symbol).</summary>
    public IReadOnlyDictionary<(TState State, TSymbol Symbol), TState> Table => _table;

    /// <summary>True when the machine, started at s₀, ends in an accepting state after reading <paramref name="inputs"/>.</summary>
    public bool Accepts(IEnumerable<TSymbol> inputs) => _accepting.Contains(Run(inputs).Final);

    IReadOnlyList<string> IFiniteStateMachine.StateNames => States.Select(Name).ToArray();

    IReadOnlyList<string> IFiniteStateMachine.SymbolNames => Alphabet.Select(Name).ToArray();

    string IFiniteStateMachine.StartName => Name(Start);

    bool IFiniteStateMachine.IsAccepting(int state) => _accepting.Contains(States[state]);

    string IFiniteStateMachine.NextName(int state, int symbol) => Name(_table[(States[state], Alphabet[symbol])]);

    /// <summary>The transition table as text: one row per state (→ marks the start, * the accepting states).</summary>
    public override string ToString() => FiniteStateMachineFormatterSource.ToText(this);

    private static string Name<T>(T value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static TState Next(Definition definition, TState state, TSymbol symbol)
    {
        if (definition.Table.TryGetValue((state, symbol), out var next)) return next;
        if (!definition.StateSet.Contains(state))
            throw new ArgumentException($"The state '{Name(state)}' is not a state of this machine (states: {string.Join(", ", definition.States.Select(Name))}).");
        throw new ArgumentException(
            $"The symbol '{Name(symbol)}' is not in this machine's alphabet ({string.Join(", ", definition.Alphabet.Select(Name))}); map the input to one of them first.");
    }

    private sealed record Definition(TState[] States, HashSet<TState> StateSet, TSymbol[] Alphabet,
                                     Dictionary<(TState, TSymbol), TState> Table, HashSet<TState> Accepting);

    private static Definition Validate(IEnumerable<TState> states, IEnumerable<TSymbol> alphabet,
                                       IReadOnlyDictionary<(TState State, TSymbol Symbol), TState> table,
                                       TState start, IEnumerable<TState> accepting)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(alphabet);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(accepting);
        var stateList = states.ToArray();
        var symbolList = alphabet.ToArray();
        if (stateList.Length == 0) throw new ArgumentException("A finite-state machine needs at least one state.", nameof(states));
        if (symbolList.Length == 0) throw new ArgumentException("A finite-state machine needs at least one input symbol.", nameof(alphabet));
        var stateSet = new HashSet<TState>();
        foreach (var s in stateList)
            if (!stateSet.Add(s)) throw new ArgumentException($"The state '{Name(s)}' is listed twice.", nameof(states));
        var symbolSet = new HashSet<TSymbol>();
        foreach (var x in symbolList)
            if (!symbolSet.Add(x)) throw new ArgumentException($"The symbol '{Name(x)}' is listed twice.", nameof(alphabet));
        if (!stateSet.Contains(start))
            throw new ArgumentException($"The start state '{Name(start)}' is not one of the states.", nameof(start));
        var acceptingSet = new HashSet<TState>();
        foreach (var s in accepting)
        {
            if (!stateSet.Contains(s)) throw new ArgumentException($"The accepting state '{Name(s)}' is not one of the states.", nameof(accepting));
            acceptingSet.Add(s);
        }
        var copy = new Dictionary<(TState, TSymbol), TState>();
        foreach (var ((s, x), next) in table)
        {
            if (!stateSet.Contains(s)) throw new ArgumentException($"The table has a row for '{Name(s)}', which is not one of the states.", nameof(table));
            if (!symbolSet.Contains(x)) throw new ArgumentException($"The table has an entry for the symbol '{Name(x)}', which is not in the alphabet.", nameof(table));
            if (!stateSet.Contains(next))
                throw new ArgumentException($"The table sends ('{Name(s)}', '{Name(x)}') to '{Name(next)}', which is not one of the states.", nameof(table));
            copy[(s, x)] = next;
        }
        var missing = (from s in stateList from x in symbolList where !copy.ContainsKey((s, x)) select $"('{Name(s)}', '{Name(x)}')").ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"The transition table has no next state for {string.Join(", ", missing)}; a finite-state machine needs one for every state and symbol.",
                nameof(table));
        return new Definition(stateList, stateSet, symbolList, copy, acceptingSet);
    }
}

/// <summary>The view of a <see cref="FiniteStateMachine{TState, TSymbol}"/> that its table formatter reads, with states and symbols as text.</summary>
public interface IFiniteStateMachine
{
    IReadOnlyList<string> StateNames { get; }
    IReadOnlyList<string> SymbolNames { get; }
    string StartName { get; }
    bool IsAccepting(int state);
    string NextName(int state, int symbol);
}

/// <summary>Notebook formatters for finite-state machines: the transition table as HTML and as text.</summary>
public sealed class FiniteStateMachineFormatterSource
{
    public IEnumerable<TypeFormatter> CreateTypeFormatters()
    {
        yield return new TypeFormatter(typeof(IFiniteStateMachine), MimeTypes.Html, (value, writer) =>
        {
            if (value is not IFiniteStateMachine machine) return false;
            writer.Write(ToHtml(machine));
            return true;
        });
        yield return new TypeFormatter(typeof(IFiniteStateMachine), MimeTypes.PlainText, (value, writer) =>
        {
            if (value is not IFiniteStateMachine machine) return false;
            writer.Write(ToText(machine));
            return true;
        });
    }

    /// <summary>An HTML table: a row per state (→ start, * accepting), a column per symbol, the next state in each cell.</summary>
    public static string ToHtml(IFiniteStateMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        const string cell = "padding:2px 10px;border:1px solid #ddd;text-align:center";
        var html = new StringBuilder("<table class=\"rnn-course-fsm\" style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\">")
            .Append("<caption style=\"caption-side:top;text-align:left;white-space:nowrap;color:#555;font-size:12px\">transition table (→ start, * accepting)</caption>")
            .Append("<thead><tr><th style=\"").Append(cell).Append("\">state \\ input</th>");
        foreach (var symbol in machine.SymbolNames)
            html.Append("<th style=\"").Append(cell).Append("\">").Append(Tensors.TensorFormatter.Escape(symbol)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (int s = 0; s < machine.StateNames.Count; s++)
        {
            html.Append("<tr><th style=\"").Append(cell).Append(";text-align:left\">").Append(Tensors.TensorFormatter.Escape(RowLabel(machine, s))).Append("</th>");
            for (int x = 0; x < machine.SymbolNames.Count; x++)
                html.Append("<td style=\"").Append(cell).Append("\">").Append(Tensors.TensorFormatter.Escape(machine.NextName(s, x))).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The same table as aligned text.</summary>
    public static string ToText(IFiniteStateMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        List<string[]> rows = [["state \\ input", .. machine.SymbolNames]];
        for (int s = 0; s < machine.StateNames.Count; s++)
            rows.Add([RowLabel(machine, s), .. Enumerable.Range(0, machine.SymbolNames.Count).Select(x => machine.NextName(s, x))]);
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Join("\n", rows.Select(r => string.Join("  ", r.Select((text, c) => text.PadRight(widths[c]))).TrimEnd()));
    }

    private static string RowLabel(IFiniteStateMachine machine, int state)
    {
        string name = machine.StateNames[state];
        string start = name == machine.StartName ? "→ " : "  ";
        return start + (machine.IsAccepting(state) ? "*" : "") + name;
    }
}

/// <summary>Small finite-state machines used as examples in chapter 1.</summary>
public static class FiniteStateMachines
{
    /// <summary>
    /// The parity checker over bits: the state says whether an even or odd number of 1s has been read so far;
    /// a 1 flips it, a 0 keeps it. Starts in "even"; accepts in "even".
    /// </summary>
    public static FiniteStateMachine<string, int> Parity() => new(
        ["even", "odd"], [0, 1],
        new Dictionary<(string, int), string>
        {
            { ("even", 0), "even" }, { ("even", 1), "odd" },
            { ("odd", 0), "odd" }, { ("odd", 1), "even" },
        },
        start: "even", accepting: ["even"]);

    /// <summary>
    /// The coin-operated turnstile: a coin unlocks it, a push through an unlocked turnstile locks it again; a push
    /// on a locked one and a coin in an unlocked one change nothing. Starts "locked"; the output (accepting) is
    /// "unlocked", that is, whether the next person may pass.
    /// </summary>
    public static FiniteStateMachine<string, string> Turnstile() => new(
        ["locked", "unlocked"], ["coin", "push"],
        new Dictionary<(string, string), string>
        {
            { ("locked", "coin"), "unlocked" }, { ("locked", "push"), "locked" },
            { ("unlocked", "coin"), "unlocked" }, { ("unlocked", "push"), "locked" },
        },
        start: "locked", accepting: ["unlocked"]);
}
