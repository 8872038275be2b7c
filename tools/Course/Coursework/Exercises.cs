using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>One graded exercise of a notebook: its locked test cell and the answer cell it checks.</summary>
public sealed record ExerciseCells(string Number, GradedCell Answer, GradedCell Test)
{
    public double Points => Test.Points;
}

/// <summary>Reads and checks the exercises of a chapter notebook in the format of docs/exercises.md.</summary>
public static class Exercises
{
    /// <summary>The metadata key of the course's own cell data (a known mistake per answer), removed from student versions.</summary>
    public const string CourseMetadataKey = "rnn_course";

    /// <summary>The exercises of <paramref name="notebook"/> (named <paramref name="name"/> in messages), in order.</summary>
    /// <exception cref="CourseworkException">Anything that would make the student version or the grading wrong.</exception>
    public static IReadOnlyList<ExerciseCells> Read(Notebook notebook, string name)
    {
        var cells = GradedCell.All(notebook);
        var duplicate = cells.GroupBy(c => c.GradeId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CourseworkException($"{name}: {duplicate.Count()} cells have grade_id '{duplicate.Key}'; every grade_id must be unique.");
        foreach (var cell in cells.Where(c => c.GradeId.Length == 0))
            throw new CourseworkException($"{name}: cell {notebook.Cells.IndexOf(cell.Cell) + 1} has nbgrader metadata without a grade_id.");

        var exercises = new List<ExerciseCells>();
        foreach (GradedCell answer in cells.Where(c => c.IsAnswer))
        {
            string where = $"{name}, cell {notebook.Cells.IndexOf(answer.Cell) + 1} ({answer.GradeId})";
            if (!answer.Cell.IsCode) throw new CourseworkException($"{where}: answer cells must be code cells.");
            if (answer.ExerciseNumber is not { } number || answer.GradeId.EndsWith("-check", StringComparison.Ordinal))
                throw new CourseworkException($"{where}: an answer cell's grade_id must be exercise-N.M (chapter N, exercise M).");
            if (Regions.Count(answer.Cell.Source, Regions.BeginSolution, Regions.EndSolution, where) == 0)
                throw new CourseworkException($"{where}: the answer cell has no '{Regions.BeginSolution}' ... '{Regions.EndSolution}' region.");
            GradedCell test = cells.FirstOrDefault(c => c.GradeId == answer.GradeId + "-check")
                ?? throw new CourseworkException($"{where}: no test cell with grade_id '{answer.GradeId}-check' checks this answer.");
            exercises.Add(new ExerciseCells(number, answer, test));
        }
        foreach (GradedCell test in cells.Where(c => c.IsTest))
        {
            string where = $"{name}, cell {notebook.Cells.IndexOf(test.Cell) + 1} ({test.GradeId})";
            if (!exercises.Any(e => e.Test == test))
                throw new CourseworkException($"{where}: a test cell's grade_id must be exercise-N.M-check, after an answer cell exercise-N.M.");
            if (!test.Cell.IsCode || !test.IsLocked || !(test.Points > 0))
                throw new CourseworkException($"{where}: a test cell must be a locked code cell worth points > 0.");
            Regions.Count(test.Cell.Source, Regions.BeginHiddenTests, Regions.EndHiddenTests, where);
            string last = test.Cell.Source.TrimEnd().Split('\n')[^1].TrimEnd();
            if (!last.EndsWith(';') && !last.EndsWith('}'))
                throw new CourseworkException($"{where}: a test cell must end with a statement (it ends with '{last}'); end it with exercise.Passed();.");
            if (notebook.Cells.IndexOf(test.Cell) < notebook.Cells.IndexOf(exercises.First(e => e.Test == test).Answer.Cell))
                throw new CourseworkException($"{where}: the test cell comes before its answer cell.");
        }
        return exercises;
    }

    /// <summary>The cell's known mistake (the answer's wrong replacement and the message its check must give), or null.</summary>
    public static (string Solution, string Message)? Mistake(NotebookCell cell) =>
        cell.Metadata[CourseMetadataKey]?["mistake"] is JsonObject m && m["solution"] is JsonValue s && m["message"] is JsonValue msg
            ? (s.GetValue<string>(), msg.GetValue<string>())
            : null;
}
