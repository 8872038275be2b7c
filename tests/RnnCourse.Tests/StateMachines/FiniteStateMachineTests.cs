using RnnCourse.Display;
using RnnCourse.StateMachines;

namespace RnnCourse.Tests.StateMachines;

public class FiniteStateMachineTests
{
    [Theory]
    [InlineData(new int[0], true)]
    [InlineData(new[] { 1 }, false)]
    [InlineData(new[] { 1, 0, 1 }, true)]
    [InlineData(new[] { 1, 1, 1, 0 }, false)]
    [InlineData(new[] { 0, 0, 0 }, true)]
    public void ParityAcceptsAnEvenNumberOfOnes(int[] bits, bool even)
    {
        var parity = FiniteStateMachines.Parity();
        Assert.Equal(even, parity.Accepts(bits));
        Assert.Equal(bits.Count(b => b == 1) % 2 == 0, parity.Accepts(bits));
    }

    [Fact]
    public void ParityRunListsEveryStateAndItsOutput()
    {
        var run = FiniteStateMachines.Parity().Run([1, 1, 0, 1]);
        Assert.Equal(new[] { "odd", "even", "even", "odd" }, run.States);
        Assert.Equal(new[] { false, true, true, false }, run.Outputs);
    }

    [Fact]
    public void TurnstileUnlocksOnACoinAndLocksAfterAPush()
    {
        var turnstile = FiniteStateMachines.Turnstile();
        var run = turnstile.Run(["push", "coin", "coin", "push", "push"]);
        Assert.Equal(new[] { "locked", "unlocked", "unlocked", "locked", "locked" }, run.States);
        Assert.Equal(new[] { false, true, true, false, false }, run.Outputs);
        Assert.Equal("unlocked", turnstile.Table[("locked", "coin")]);
        Assert.Equal(new[] { "locked", "unlocked" }, turnstile.States);
        Assert.Equal(new[] { "coin", "push" }, turnstile.Alphabet);
        Assert.True(turnstile.Accepting.SetEquals(["unlocked"]));
    }

    [Fact]
    public void AnUnknownSymbolIsNamedInTheError()
    {
        var error = Assert.Throws<ArgumentException>(() => FiniteStateMachines.Parity().Run([1, 2]));
        Assert.Contains("'2'", error.Message);
        Assert.Contains("0, 1", error.Message);
    }

    [Fact]
    public void AnIncompleteTableNamesTheMissingPairs()
    {
        var error = Assert.Throws<ArgumentException>(() => new FiniteStateMachine<string, char>(
            ["a", "b"], ['x', 'y'],
            new Dictionary<(string, char), string> { { ("a", 'x'), "b" }, { ("a", 'y'), "a" }, { ("b", 'x'), "a" } },
            start: "a", accepting: ["b"]));
        Assert.Contains("('b', 'y')", error.Message);
        Assert.DoesNotContain("('a', 'x')", error.Message);
    }

    [Fact]
    public void BadStatesAreRejectedWithTheirNames()
    {
        var table = new Dictionary<(string, int), string> { { ("a", 0), "a" } };
        Assert.Contains("'z'", Assert.Throws<ArgumentException>(() => new FiniteStateMachine<string, int>(["a"], [0], table, "z", [])).Message);
        Assert.Contains("'q'", Assert.Throws<ArgumentException>(() => new FiniteStateMachine<string, int>(["a"], [0], table, "a", ["q"])).Message);
        var leadsNowhere = new Dictionary<(string, int), string> { { ("a", 0), "nowhere" } };
        Assert.Contains("'nowhere'", Assert.Throws<ArgumentException>(() => new FiniteStateMachine<string, int>(["a"], [0], leadsNowhere, "a", [])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new FiniteStateMachine<string, int>(["a", "a"], [0], table, "a", [])).Message);
    }

    [Fact]
    public void ANotebookShowsTheTransitionTable()
    {
        var parity = FiniteStateMachines.Parity();
        Assert.Equal(
            "state \\ input  0     1\n" +
            "→ *even        even  odd\n" +
            "  odd          odd   even",
            parity.ToString());
        Assert.True(DisplayConvention.TryFormat(parity, MimeTypes.Html, out var html));
        var table = System.Xml.Linq.XElement.Parse(html);
        var rows = table.Descendants("tr").Select(r => r.Elements().Select(c => c.Value).ToArray()).ToArray();
        Assert.Equal(new[] { "state \\ input", "0", "1" }, rows[0]);
        Assert.Equal(new[] { "→ *even", "even", "odd" }, rows[1]);
        Assert.Equal(new[] { "  odd", "odd", "even" }, rows[2]);
        Assert.True(DisplayConvention.TryFormat(parity, MimeTypes.PlainText, out var text));
        Assert.Equal(parity.ToString(), text);
    }
}
