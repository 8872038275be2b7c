using RnnCourse.StateMachines;

namespace RnnCourse.Tests.StateMachines;

public class StateMachineTests
{
    [Fact]
    public void RunningSumGivesStatesAndOutputsAlignedWithTheInputs()
    {
        // s_t = s_{t−1} + x_t, y_t = 2 s_t.
        var machine = new StateMachine<int, int, int>(10, (s, x) => s + x, s => 2 * s);
        var run = machine.Run([1, 2, 3, 4]);
        Assert.Equal(10, run.Start);
        Assert.Equal(new[] { 11, 13, 16, 20 }, run.States);
        Assert.Equal(new[] { 22, 26, 32, 40 }, run.Outputs);
        Assert.Equal(20, run.Final);
        Assert.Equal(new[] { 10, 11, 13, 16, 20 }, run.StatesFromStart);
    }

    [Fact]
    public void AnEmptySequenceStaysInTheStartState()
    {
        var machine = new StateMachine<string, char, int>("", (s, c) => s + c, s => s.Length);
        var run = machine.Run([]);
        Assert.Empty(run.States);
        Assert.Empty(run.Outputs);
        Assert.Equal("", run.Final);
        Assert.Equal(new[] { 1, 2, 3 }, machine.Run("abc").Outputs);
        Assert.Equal(new[] { "xa", "xab" }, machine.Run("ab", start: "x").States);
    }

    [Fact]
    public void TheRationalRecurrenceIsNewtonsMethodForTheSquareRootOfTwo()
    {
        // h_t = h_{t−1}/2 + 1/h_{t−1}, h_0 = 2: no input is needed, so the inputs only count the steps.
        var machine = new StateMachine<double, int, double>(2.0, (h, _) => h / 2 + 1 / h, h => h);
        var outputs = machine.Run(Enumerable.Range(1, 6)).Outputs;
        Assert.Equal(1.5, outputs[0]);
        Assert.Equal(17.0 / 12, outputs[1], 1e-15);
        Assert.Equal(577.0 / 408, outputs[2], 1e-15);
        Assert.Equal(Math.Sqrt(2), outputs[5], 1e-15);
        // The error is squared at every step: e_t ≈ e_{t−1}² / (2 h_{t−1}).
        double e1 = outputs[1] - Math.Sqrt(2), e2 = outputs[2] - Math.Sqrt(2);
        Assert.Equal(e1 * e1 / (2 * outputs[1]), e2, 1e-9);
    }

    [Fact]
    public void TheFunctionsMustBeGiven()
    {
        Assert.Throws<ArgumentNullException>(() => new StateMachine<int, int, int>(0, null!, s => s));
        Assert.Throws<ArgumentNullException>(() => new StateMachine<int, int, int>(0, (s, x) => s, null!));
    }
}
