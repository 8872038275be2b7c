using System.Text.Json.Nodes;
using RnnCourse.CourseTool.Tests.Support;
using static RnnCourse.CourseTool.Tests.Coursework.ExerciseNotebooks;

namespace RnnCourse.CourseTool.Tests.Coursework;

public class AssignTests
{
    private static Notebook StudentVersion() => Assigner.StudentVersion(Chapter(), "09-chapter.ipynb");

    [Fact]
    public void Each_answer_region_becomes_a_stub_that_throws_not_attempted_at_its_indentation()
    {
        var answer = CellOf(StudentVersion(), "exercise-9.1").Source;

        Assert.Equal("""
            int Double(int n)
            {
                throw new NotImplementedException("Exercise 9.1: not attempted");
            }
            """.ReplaceLineEndings("\n"), answer);
    }

    [Fact]
    public void Hidden_tests_are_removed_and_the_public_checks_kept()
    {
        var check = CellOf(StudentVersion(), "exercise-9.1-check").Source;

        Assert.DoesNotContain("Double(-3)", check);
        Assert.DoesNotContain("HIDDEN", check);
        Assert.Contains("exercise91.Equal(exercise91.Run(() => Double(5)), 10", check);
        Assert.EndsWith("exercise91.Passed();", check);
    }

    [Fact]
    public void Outputs_execution_counts_and_known_mistakes_are_cleared()
    {
        var chapter = Chapter();
        var cell = CellOf(chapter, "setup");
        cell.ExecutionCount = 1;
        cell.Outputs.Add(NotebookOutput.Stream("stdout", "set up\n"));

        var student = Assigner.StudentVersion(chapter, "09-chapter.ipynb");

        Assert.All(student.CodeCells, c => Assert.Empty(c.Outputs));
        Assert.All(student.CodeCells, c => Assert.Null(c.ExecutionCount));
        Assert.All(student.Cells, c => Assert.False(c.Metadata.ContainsKey("rnn_course")));
    }

    [Fact]
    public void Every_locked_cell_gets_nbgraders_checksum_and_cell_type_and_no_other_cell_does()
    {
        var student = StudentVersion();

        foreach (var id in new[] { "setup", "exercise-9.1-check", "exercise-9.2-check" })
        {
            var metadata = CellOf(student, id).Metadata["nbgrader"]!;
            Assert.Equal("code", (string?)metadata["cell_type"]);
            Assert.Equal(GradedCell.Of(CellOf(student, id))!.ComputeChecksum(), (string?)metadata["checksum"]);
            Assert.Matches("^[0-9a-f]{64}$", (string?)metadata["checksum"]);
        }
        Assert.Null(CellOf(student, "exercise-9.1").Metadata["nbgrader"]!["checksum"]);
    }

    [Fact]
    public void The_checksum_changes_with_the_source_and_the_points_but_not_with_trailing_spaces()
    {
        var cell = GradedCell.Of(CellOf(StudentVersion(), "exercise-9.2-check"))!;
        string original = cell.ComputeChecksum();

        cell.Cell.Source = cell.Cell.Source.Replace("\n", "   \r\n");
        Assert.Equal(original, cell.ComputeChecksum());
        cell.Cell.Source = cell.Cell.Source.Replace("10", "11");
        Assert.NotEqual(original, cell.ComputeChecksum());
        cell.Cell.Source = cell.Cell.Source.Replace("11", "10");
        cell.Metadata["points"] = 30;
        Assert.NotEqual(original, cell.ComputeChecksum());
    }

    [Fact]
    public void Course_assign_writes_each_student_version_under_its_own_name()
    {
        using var folder = new TempFolder();
        string source = folder.Save(Chapter(), "source/09-chapter.ipynb");

        var (exitCode, log) = CourseCommand.Run("assign", source, "--out", folder.Combine("release"));

        Assert.True(exitCode == 0, log);
        Assert.Contains("09-chapter.ipynb: 2 exercises, 5 points", log);
        var student = Notebook.Load(folder.Combine("release", "09-chapter.ipynb"));
        Assert.Contains("not attempted", CellOf(student, "exercise-9.2").Source);
    }

    [Theory]
    [InlineData("// END SOLUTION", "", "the '// BEGIN SOLUTION' on line 3 is never closed; add '// END SOLUTION'.")]
    [InlineData("    // BEGIN SOLUTION\n", "", "the answer cell has no '// BEGIN SOLUTION' ... '// END SOLUTION' region.")]
    [InlineData("return 2 * n;", "// BEGIN SOLUTION", "line 4 opens '// BEGIN SOLUTION' inside the region opened on line 3; close that one first with '// END SOLUTION'.")]
    public void A_broken_answer_region_is_refused_with_its_cell_and_line(string find, string replace, string message)
    {
        var chapter = Chapter();
        var answer = CellOf(chapter, "exercise-9.1");
        answer.Source = find.EndsWith('\n') ? answer.Source.Replace(find, replace).Replace("    // END SOLUTION\n", "") : answer.Source.Replace(find, replace);

        var error = Assert.Throws<CourseworkException>(() => Assigner.StudentVersion(chapter, "09-chapter.ipynb"));

        Assert.Equal($"09-chapter.ipynb, cell 4 (exercise-9.1): {message}", error.Message);
    }

    [Fact]
    public void Exercise_metadata_that_cannot_be_graded_is_refused()
    {
        var noCheck = Chapter();
        noCheck.Cells.Remove(CellOf(noCheck, "exercise-9.2-check"));
        var unlocked = Chapter();
        CellOf(unlocked, "exercise-9.1-check").Metadata["nbgrader"]!["locked"] = false;
        var trailing = Chapter();
        CellOf(trailing, "exercise-9.1-check").Source += "\nexercise91";
        var twice = Chapter();
        CellOf(twice, "exercise-9.2").Metadata["nbgrader"]!["grade_id"] = "exercise-9.1";

        Assert.Equal("09-chapter.ipynb, cell 7 (exercise-9.2): no test cell with grade_id 'exercise-9.2-check' checks this answer.",
            Assert.Throws<CourseworkException>(() => Exercises.Read(noCheck, "09-chapter.ipynb")).Message);
        Assert.Equal("09-chapter.ipynb, cell 5 (exercise-9.1-check): a test cell must be a locked code cell worth points > 0.",
            Assert.Throws<CourseworkException>(() => Exercises.Read(unlocked, "09-chapter.ipynb")).Message);
        Assert.Equal("09-chapter.ipynb, cell 5 (exercise-9.1-check): a test cell must end with a statement (it ends with 'exercise91'); end it with exercise.Passed();.",
            Assert.Throws<CourseworkException>(() => Exercises.Read(trailing, "09-chapter.ipynb")).Message);
        Assert.Equal("09-chapter.ipynb: 2 cells have grade_id 'exercise-9.1'; every grade_id must be unique.",
            Assert.Throws<CourseworkException>(() => Exercises.Read(twice, "09-chapter.ipynb")).Message);
    }
}
