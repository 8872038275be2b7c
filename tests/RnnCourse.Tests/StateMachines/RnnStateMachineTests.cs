using RnnCourse.StateMachines;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using static RnnCourse.Tensors.Torch;

namespace RnnCourse.Tests.StateMachines;

public class RnnStateMachineTests
{
    // The weighted average of the last three inputs, y_t = 0.5 x_t + 0.3 x_{t−1} + 0.2 x_{t−2}, with s_t = [x_t, x_{t−1}, x_{t−2}].
    private static RnnStateMachine WeightedAverage(float[] wo) => new(
        wss: FromRows([[0f, 0f, 0f], [1f, 0f, 0f], [0f, 1f, 0f]]),
        wsx: FromArray([1f, 0f, 0f]),
        wss0: Zeros(3),
        wo: FromArray(wo),
        wo0: Zeros(1));

    [Fact]
    public void TheWeightedAverageRnnRemembersTheLastThreeInputs()
    {
        var run = WeightedAverage([0.5f, 0.3f, 0.2f]).Run(FromArray([1f, 2f, 3f, 4f, 10f]));
        Assert.Equal(new[] { 5, 3 }, run.States.Shape);
        Assert.Equal(new float[] { 1, 0, 0, 2, 1, 0, 3, 2, 1, 4, 3, 2, 10, 4, 3 }, run.States.Data);
        Assert.Equal(new[] { 5, 1 }, run.Outputs.Shape);
        Tolerance.AllClose(new[] { 0.5, 1.3, 2.3, 3.3, 6.8 }, run.Outputs.Data);

        // The reversed weights read the state backwards: a different (wrong) filter.
        var reversed = WeightedAverage([0.2f, 0.3f, 0.5f]).Run(FromArray([1f, 2f, 3f, 4f, 10f]));
        Tolerance.AllClose(new[] { 0.2, 0.7, 1.7, 2.7, 4.7 }, reversed.Outputs.Data);
    }

    [Fact]
    public void TheBankAndInvestmentRnnFollowsItsTwoEquations()
    {
        // account_t = account_{t−1} + 0.2·investment_{t−1} + 0.8 x_t − 6000; investment_t = 1.01·investment_{t−1} + 0.2 x_t.
        var bank = new RnnStateMachine(
            wss: FromRows([[1f, 0.2f], [0f, 1.01f]]),
            wsx: FromArray([0.8f, 0.2f]),
            wss0: FromArray([-6000f, 0f]),
            wo: FromArray([1f, 1f]),
            wo0: Zeros(1));
        var run = bank.Run(FromArray([10000f, 10000f, 0f]));
        // t=1: account 8000 − 6000 = 2000, investment 2000; t=2: account 2000 + 400 + 2000 = 4400, investment 2020 + 2000 = 4020;
        // t=3 (no deposit): account 4400 + 804 − 6000 = −796, investment 4060.2 (1% growth).
        Tolerance.AllClose(new[] { 2000.0, 2000, 4400, 4020, -796, 4060.2 }, run.States.Data, rtol: 1e-6);
        Tolerance.AllClose(new[] { 4000.0, 8420, 3264.2 }, run.Outputs.Data, rtol: 1e-6);
    }

    [Fact]
    public void StepAndOutputUseTheActivations()
    {
        var rnn = new RnnStateMachine(
            wss: FromRows([[0.5f]]), wsx: FromRows([[1f, -1f]]), wss0: FromArray([0.1f]),
            wo: FromRows([[2f], [-3f]]), wo0: FromArray([0f, 1f]),
            fs: Activations.Tanh, fo: Activations.Sigmoid, s0: FromArray([0.4f]));
        Assert.Equal((1, 2, 2), (rnn.StateSize, rnn.InputSize, rnn.OutputSize));
        var s1 = rnn.Step(rnn.S0, FromArray([0.3f, 0.1f]));
        double expectedS = Math.Tanh(0.5 * 0.4 + 0.3 - 0.1 + 0.1);
        Tolerance.AllClose(new[] { expectedS }, s1.Data);
        Assert.Equal(new[] { 1, 1 }, s1.Shape);
        var y1 = rnn.Output(s1);
        Tolerance.AllClose(new[] { 1 / (1 + Math.Exp(-2 * expectedS)), 1 / (1 + Math.Exp(3 * expectedS - 1)) }, y1.Data);

        // The generic state machine view gives the same numbers.
        var machine = rnn.AsStateMachine().Run([FromArray([0.3f, 0.1f]), FromArray([-1f, 2f])]);
        var direct = rnn.Run(FromRows([[0.3f, 0.1f], [-1f, 2f]]));
        Tolerance.AllClose(direct.Outputs.Select(0, 1).Data, machine.Outputs[1].Data);
    }

    [Fact]
    public void ALossOnTheOutputsBackPropagatesToTheWeights()
    {
        var wo = FromArray([0.5f, 0.3f, 0.2f]).RequiresGrad_();
        var rnn = new RnnStateMachine(
            FromRows([[0f, 0f, 0f], [1f, 0f, 0f], [0f, 1f, 0f]]), FromArray([1f, 0f, 0f]), Zeros(3), wo, Zeros(1));
        var run = rnn.Run(FromArray([1f, 2f, 3f]));
        // L = Σ_t y_t, so ∂L/∂W^o = Σ_t s_t = [6, 3, 1].
        run.Outputs.Sum().Backward();
        Assert.Equal(new float[] { 6, 3, 1 }, wo.Grad!.Data);
    }

    [Fact]
    public void ShapeMistakesNameBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new RnnStateMachine(Zeros(2, 2), Zeros(3, 1), Zeros(2), Zeros(1, 2), Zeros(1)));
        Assert.Contains("(3, 1)", error.Message);
        Assert.Contains("(2, 2)", error.Message);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => new RnnStateMachine(Zeros(2, 3), Zeros(2, 1), Zeros(2), Zeros(1, 2), Zeros(1))).Message);
        Assert.Contains("W^o_0", Assert.Throws<ArgumentException>(() => new RnnStateMachine(Zeros(2, 2), Zeros(2, 1), Zeros(2), Zeros(1, 2), Zeros(2))).Message);
        var rnn = new RnnStateMachine(Zeros(2, 2), Zeros(2, 3), Zeros(2), Zeros(1, 2), Zeros(1));
        var wrongInputs = Assert.Throws<ArgumentException>(() => rnn.Run(Zeros(5, 4)));
        Assert.Contains("(5, 4)", wrongInputs.Message);
        Assert.Contains("l = 3", wrongInputs.Message);
    }

    [Fact]
    public void AnEmptySequenceGivesEmptyStatesAndOutputs()
    {
        var run = WeightedAverage([0.5f, 0.3f, 0.2f]).Run(Zeros(0, 1));
        Assert.Equal(new[] { 0, 3 }, run.States.Shape);
        Assert.Equal(new[] { 0, 1 }, run.Outputs.Shape);
    }
}
