using RnnCourse.StateMachines;

namespace RnnCourse.Tests.StateMachines;

public class LtiSystemTests
{
    [Fact]
    public void AMovingAverageWeighsTheLastThreeInputs()
    {
        var average = new LtiSystem(a: [], b: [0.5, 0.3, 0.2]);
        var y = average.Run([1, 2, 3, 4]);
        Assert.Equal(new[] { 0.5, 1.3, 2.3, 3.3 }, y.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void ExponentialSmoothingFeedsBackThePreviousOutput()
    {
        var smooth = new LtiSystem(a: [0.9], b: [0.1]);
        var y = smooth.Run([1, 1, 1]);
        Assert.Equal(new[] { 0.1, 0.19, 0.271 }, y.Select(v => Math.Round(v, 12)));
        Assert.Equal("y_t = 0.9 y_{t−1} + 0.1 x_t", smooth.ToString());
    }

    [Fact]
    public void TheImpulseResponseOfTheFibonacciRecurrenceIsTheFibonacciNumbers()
    {
        var fibonacci = new LtiSystem(a: [1, 1], b: [1]);
        Assert.Equal(new double[] { 1, 1, 2, 3, 5, 8, 13, 21, 34, 55 }, fibonacci.ImpulseResponse(10));
        Assert.Empty(fibonacci.ImpulseResponse(0));
    }

    [Fact]
    public void StateSpaceFormHasTheExpectedMatricesForTheMovingAverage()
    {
        // s_t = [y_t, x_t, x_{t−1}]: one output slot (p = 0) and q = 2 remembered inputs.
        var ss = new LtiSystem(a: [], b: [0.5, 0.3, 0.2]).ToStateSpace();
        Assert.Equal(new double[,] { { 0, 0.3, 0.2 }, { 0, 0, 0 }, { 0, 1, 0 } }, ss.A);
        Assert.Equal(new[] { 0.5, 1, 0 }, ss.B);
        Assert.Equal(new double[] { 1, 0, 0 }, ss.C);
    }

    [Theory]
    [InlineData(new double[0], new[] { 2.0 })]
    [InlineData(new[] { 0.9 }, new[] { 0.1 })]
    [InlineData(new[] { 1.0, 1.0 }, new[] { 1.0 })]
    [InlineData(new[] { 0.5, -0.25, 0.125 }, new[] { 1.0, -2.0 })]
    [InlineData(new[] { -0.3 }, new[] { 0.2, 0.7, -0.4, 0.1 })]
    public void StateSpaceAndStateMachineFormsGiveTheSameOutputsAsTheDifferenceEquation(double[] a, double[] b)
    {
        var system = new LtiSystem(a, b);
        var random = new Random(7);
        var x = Enumerable.Range(0, 25).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var expected = system.Run(x);
        var viaStateSpace = system.ToStateSpace().Run(x);
        var viaMachine = system.AsStateMachine().Run(x).Outputs;
        for (int t = 0; t < x.Length; t++)
        {
            double tolerance = 1e-12 * Math.Max(1, Math.Abs(expected[t]));
            Assert.Equal(expected[t], viaStateSpace[t], tolerance);
            Assert.Equal(expected[t], viaMachine[t], tolerance);
        }
        Assert.Equal(Math.Max(a.Length, 1) + b.Length - 1, system.ToStateSpace().StateSize);
    }

    [Fact]
    public void BadCoefficientsAndShapesAreReported()
    {
        Assert.Contains("b₀", Assert.Throws<ArgumentException>(() => new LtiSystem([0.5], [])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new LtiSystem([double.NaN], [1])).Message);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => new StateSpaceSystem(new double[2, 3], [1, 2], [1, 2])).Message);
        Assert.Contains("B has length 1", Assert.Throws<ArgumentException>(() => new StateSpaceSystem(new double[2, 2], [1], [1, 2])).Message);
        var ss = new StateSpaceSystem(new double[2, 2], [1, 0], [1, 0]);
        Assert.Contains("2 components", Assert.Throws<ArgumentException>(() => ss.Step([1, 2, 3], 0)).Message);
    }
}
