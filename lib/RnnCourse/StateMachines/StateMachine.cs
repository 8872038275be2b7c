namespace RnnCourse.StateMachines;

/// <summary>
/// A state machine, the model chapter 1 (notebooks/01-state-machines.ipynb) builds every recurrent network
/// from: a start state s₀, a transition function f_s and an output function f_o. Reading inputs x₁, …, x_T it
/// computes s_t = f_s(s_{t−1}, x_t) and y_t = f_o(s_t).
/// </summary>
/// <typeparam name="TState">The state s: anything, from a bool to a tensor.</typeparam>
/// <typeparam name="TInput">One input x_t.</typeparam>
/// <typeparam name="TOutput">One output y_t.</typeparam>
/// <example>
/// <code>
/// // The running sum: s_t = s_{t−1} + x_t, y_t = s_t.
/// var sum = new StateMachine&lt;int, int, int&gt;(0, (s, x) =&gt; s + x, s =&gt; s);
/// sum.Run([1, 2, 3]).Outputs   // [1, 3, 6]
/// </code>
/// </example>
public class StateMachine<TState, TInput, TOutput>
{
    /// <param name="start">s₀, the state before the first input.</param>
    /// <param name="transition">f_s(s_{t−1}, x_t) = s_t.</param>
    /// <param name="output">f_o(s_t) = y_t.</param>
    public StateMachine(TState start, Func<TState, TInput, TState> transition, Func<TState, TOutput> output)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(output);
        Start = start;
        Transition = transition;
        Output = output;
    }

    /// <summary>s₀, the state before the first input.</summary>
    public TState Start { get; }

    /// <summary>f_s: the next state from the previous state and the current input.</summary>
    public Func<TState, TInput, TState> Transition { get; }

    /// <summary>f_o: the output of a state.</summary>
    public Func<TState, TOutput> Output { get; }

    /// <summary>Runs the machine from <see cref="Start"/> over <paramref name="inputs"/>.</summary>
    public StateMachineRun<TState, TOutput> Run(IEnumerable<TInput> inputs) => Run(inputs, Start);

    /// <summary>Runs the machine from the state <paramref name="start"/> over <paramref name="inputs"/>.</summary>
    public StateMachineRun<TState, TOutput> Run(IEnumerable<TInput> inputs, TState start)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var states = new List<TState>();
        var outputs = new List<TOutput>();
        TState state = start;
        foreach (TInput input in inputs)
        {
            state = Transition(state, input);
            states.Add(state);
            outputs.Add(Output(state));
        }
        return new StateMachineRun<TState, TOutput>(start, states, outputs);
    }
}

/// <summary>
/// What a <see cref="StateMachine{TState, TInput, TOutput}"/> did on one input sequence (chapter 1):
/// <see cref="States"/>[t] and <see cref="Outputs"/>[t] belong to the (t+1)-th input, so all three line up.
/// </summary>
/// <param name="Start">s₀.</param>
/// <param name="States">s₁, …, s_T.</param>
/// <param name="Outputs">y₁, …, y_T.</param>
public sealed record StateMachineRun<TState, TOutput>(TState Start, IReadOnlyList<TState> States, IReadOnlyList<TOutput> Outputs)
{
    /// <summary>s_T, the state after the last input (s₀ when there was none).</summary>
    public TState Final => States.Count == 0 ? Start : States[^1];

    /// <summary>s₀, s₁, …, s_T: the start state followed by <see cref="States"/>.</summary>
    public IEnumerable<TState> StatesFromStart => States.Prepend(Start);
}
