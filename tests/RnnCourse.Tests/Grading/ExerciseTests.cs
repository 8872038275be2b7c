using RnnCourse.Grading;
using RnnCourse.Tensors;
using static RnnCourse.Tensors.Torch;

namespace RnnCourse.Tests.Grading;

public class ExerciseTests
{
    private static readonly Exercise Elman = new("3.1", "ElmanUnit.Forward");

    [Fact]
    public void TheStubsNotImplementedExceptionIsNotAttempted()
    {
        var error = Assert.Throws<ExerciseFailedException>(() => Elman.Run<Tensor>(() => throw new NotImplementedException("Exercise 3.1: not attempted")));

        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: not attempted (the answer still throws NotImplementedException; replace that line with your code).", error.Message);
    }

    [Fact]
    public void RunReturnsTheAnswerAndLetsOtherExceptionsThrough()
    {
        Assert.Equal(42, Elman.Run(() => 42));
        Assert.Throws<DivideByZeroException>(() => Elman.Run(() => throw new DivideByZeroException()));
    }

    [Fact]
    public void AWrongShapeNamesBothShapesAndTheKnownMistake()
    {
        var h = Zeros(3, 16);

        var known = Assert.Throws<ExerciseFailedException>(() => Elman.Shape(h, [16, 3], "h", ([3, 16], "did you multiply in the wrong order?")));
        var unknown = Assert.Throws<ExerciseFailedException>(() => Elman.Shape(h, [16, 4], "h", ([4, 16], "did you multiply in the wrong order?")));

        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: h has shape (3, 16), expected (16, 3) — did you multiply in the wrong order?", known.Message);
        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: h has shape (3, 16), expected (16, 4)", unknown.Message);
    }

    [Fact]
    public void WrongValuesNameTheFirstDifferingIndexBothValuesAndTheTolerance()
    {
        var expected = FromRows([[1f, 2f, 3f], [4f, 5f, 6f]]);
        var actual = FromRows([[1f, 2f, 3f], [4f, 5.5f, 7f]]);

        var error = Assert.Throws<ExerciseFailedException>(() => Elman.Close(actual, expected, "h", tolerance: 1e-6));

        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: h differs at [1, 1]: 5.5 where 5 was expected (tolerance 1E-06)", error.Message);
    }

    [Fact]
    public void AResultEqualToAKnownWrongAnswerGetsItsHint()
    {
        var expected = FromRows([[1f, 2f]]);
        var withoutBias = FromRows([[0.5f, 1.5f]]);

        var error = Assert.Throws<ExerciseFailedException>(() =>
            Elman.Close(withoutBias, expected, "h", 1e-6, (FromRows([[0.5f, 1.5f]]), "did you forget the bias b_h?")));

        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: h differs at [0, 0]: 0.5 where 1 was expected (tolerance 1E-06) — did you forget the bias b_h?", error.Message);
    }

    [Fact]
    public void AWrongShapeInCloseIsReportedAsAShape()
    {
        var error = Assert.Throws<ExerciseFailedException>(() => Elman.Close(Zeros(2, 3), Zeros(3, 2), "h", 1e-6, (Zeros(2, 3), "did you transpose?")));

        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: h has shape (2, 3), expected (3, 2) — did you transpose?", error.Message);
    }

    [Fact]
    public void CloseValuesPass()
    {
        Elman.Close(FromRows([[1f, 2f]]), FromRows([[1f, 2.0000005f]]), "h", 1e-6);
        Elman.Close(2.5, 2.5000001, "perplexity", 1e-6);
        Elman.Close([1.0, 2.0], [1.0, 2.0], "losses", 0);
        Elman.Equal(3, 3, "the number of layers");
    }

    [Fact]
    public void ScalarsAndSequencesSayWhatIsWrong()
    {
        var ex = new Exercise("2.3", "perplexity from log-probabilities");

        var scalar = Assert.Throws<ExerciseFailedException>(() => ex.Close(2.0, Math.E, "the perplexity", 1e-6, (2.0, "did you take exp of the total instead of the mean?")));
        var nan = Assert.Throws<ExerciseFailedException>(() => ex.Close(double.NaN, 1.0, "the loss", 1e-6));
        var length = Assert.Throws<ExerciseFailedException>(() => ex.Close([1.0], [1.0, 2.0], "the losses", 1e-6));
        var values = Assert.Throws<ExerciseFailedException>(() => ex.Close([1.0, 2.5], [1.0, 2.0], "the losses", 1e-6));
        var equal = Assert.Throws<ExerciseFailedException>(() => ex.Equal("abc", "abd", "the word", ("abc", "a typo")));

        Assert.Equal("Exercise 2.3, perplexity from log-probabilities: the perplexity is 2, expected 2.71828 (tolerance 1E-06) — did you take exp of the total instead of the mean?", scalar.Message);
        Assert.Equal("Exercise 2.3, perplexity from log-probabilities: the loss is NaN, expected 1", nan.Message);
        Assert.Equal("Exercise 2.3, perplexity from log-probabilities: the losses has 1 values, expected 2", length.Message);
        Assert.Equal("Exercise 2.3, perplexity from log-probabilities: the losses differs at [1]: 2.5 where 2 was expected (tolerance 1E-06)", values.Message);
        Assert.Equal("Exercise 2.3, perplexity from log-probabilities: the word is \"abc\", expected \"abd\" — a typo", equal.Message);
    }

    [Fact]
    public void TrueFailsWithTheProblem()
    {
        var error = Assert.Throws<ExerciseFailedException>(() => Elman.True(false, "the padding row is not zero"));

        Assert.Equal("Exercise 3.1, ElmanUnit.Forward: the padding row is not zero", error.Message);
    }
}
