using System.Text.Json.Nodes;

namespace RnnCourse.CourseTool;

/// <summary>
/// <c>course assign</c>: the student version of a chapter. Outputs and execution counts cleared; each answer
/// region replaced by a stub that compiles and throws <c>NotImplementedException("Exercise N.M: not attempted")</c>;
/// hidden tests removed; the course's own metadata (known mistakes) removed; a checksum of every locked cell
/// recorded in its nbgrader metadata, as nbgrader does.
/// </summary>
public static class Assigner
{
    /// <summary>The stub's line; the grader recognises "not attempted" in its message.</summary>
    public static string Stub(string number) => $"throw new NotImplementedException(\"Exercise {number}: not attempted\");";

    public static Notebook StudentVersion(Notebook source, string name)
    {
        var exercises = Exercises.Read(source, name);
        Notebook student = source.Clone();
        foreach (NotebookCell cell in student.Cells)
        {
            cell.Metadata.Remove(Exercises.CourseMetadataKey);
            if (!cell.IsCode) continue;
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        foreach (ExerciseCells exercise in exercises)
        {
            int answer = source.Cells.IndexOf(exercise.Answer.Cell), test = source.Cells.IndexOf(exercise.Test.Cell);
            student.Cells[answer].Source = Regions.Replace(student.Cells[answer].Source, Regions.BeginSolution, Regions.EndSolution,
                $"{name}, {exercise.Answer.GradeId}", [Stub(exercise.Number)]);
            student.Cells[test].Source = WithoutHiddenTests(student.Cells[test].Source, $"{name}, {exercise.Test.GradeId}");
        }
        foreach (GradedCell locked in GradedCell.All(student).Where(c => c.IsLocked))
        {
            locked.Metadata["checksum"] = locked.ComputeChecksum();
            locked.Metadata["cell_type"] = locked.Cell.CellType;
        }
        return student;
    }

    /// <summary>A test cell as the student sees it.</summary>
    public static string WithoutHiddenTests(string source, string where) =>
        Regions.Replace(source, Regions.BeginHiddenTests, Regions.EndHiddenTests, where, []);

    /// <summary>The chapter with every answer replaced by its known mistake (for checking that each check catches it).</summary>
    public static Notebook WithMistakes(Notebook source, string name)
    {
        var exercises = Exercises.Read(source, name);
        Notebook wrong = source.Clone();
        foreach (ExerciseCells exercise in exercises)
        {
            NotebookCell cell = wrong.Cells[source.Cells.IndexOf(exercise.Answer.Cell)];
            var (solution, _) = Exercises.Mistake(cell)
                ?? throw new CourseworkException($"{name}, {exercise.Answer.GradeId}: no known mistake in its metadata ({Exercises.CourseMetadataKey}.mistake: solution and message).");
            cell.Source = Regions.Replace(cell.Source, Regions.BeginSolution, Regions.EndSolution, $"{name}, {exercise.Answer.GradeId}",
                solution.ReplaceLineEndings("\n").Split('\n'));
        }
        return wrong;
    }
}
