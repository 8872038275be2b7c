using RnnCourse.Data;
using RnnCourse.Files;

namespace RnnCourse.CourseTool;

/// <summary>
/// <c>course assign</c>, <c>course grade</c> and <c>course check-exercises</c>; <paramref name="data"/> resolves the
/// corpora the chapters read, fetched before anything is graded.
/// </summary>
public sealed class CourseworkCommands(string repositoryRoot, TextWriter output, CorpusResolver data)
{
    /// <summary>Writes the student version of each notebook to <paramref name="outFolder"/>, under its own name.</summary>
    public int Assign(IReadOnlyList<string> notebooks, string outFolder)
    {
        if (notebooks.Count == 0) throw new UsageException("course assign needs at least one NOTEBOOK.");
        var sources = notebooks.Select(path => (Path: path, Notebook: Load(path))).ToList();
        var students = sources.Select(s => (s.Path, Student: Assigner.StudentVersion(s.Notebook, Path.GetFileName(s.Path)))).ToList();
        string folder = OutputFolder.Prepare(outFolder, "--out");
        foreach (var (path, student) in students)
        {
            string target = Path.Combine(folder, Path.GetFileName(path));
            AtomicFile.WriteAllText(target, student.ToJson());
            var exercises = Exercises.Read(Load(path), Path.GetFileName(path));
            output.WriteLine($"{Path.GetFileName(path)}: {exercises.Count} exercises, {exercises.Sum(e => e.Points)} points -> {target}");
        }
        return CourseCli.Success;
    }

    /// <summary>Grades each submission against the source notebook of the same name; writes JSON and CSV and prints a table.</summary>
    public int Grade(IReadOnlyList<string> submissions, string sourceFolder, string outFile, TimeSpan timeout)
    {
        if (submissions.Count == 0) throw new UsageException("course grade needs at least one SUBMISSION.");
        if (!Directory.Exists(sourceFolder)) throw new UsageException($"--source '{sourceFolder}' is not a folder; give the folder of the chapter notebooks (with their solutions).");
        string csvFile = Path.ChangeExtension(outFile, ".csv");
        if (Directory.Exists(outFile)) throw new UsageException($"--out '{outFile}' is a folder; give a file name such as grades.json.");
        OutputFolder.Prepare(Path.GetDirectoryName(Path.GetFullPath(outFile))!, "--out's folder");

        // Everything that could stop the grading is checked before anything runs.
        var work = submissions.Select(path =>
        {
            string sourcePath = Path.Combine(sourceFolder, Path.GetFileName(path));
            if (!File.Exists(sourcePath))
                throw new CourseworkException($"Cannot grade '{path}': there is no source notebook '{sourcePath}' of the same name.");
            Notebook source = Load(sourcePath);
            Exercises.Read(source, Path.GetFileName(sourcePath));
            return (Path: path, Submission: Load(path), SourcePath: sourcePath, Source: source);
        }).ToList();

        var grader = new Grader(new NotebookExecutor(DotnetRepl.Locate(repositoryRoot)), timeout);
        CourseData.Ensure(data, output);
        var scores = new List<SubmissionScore>();
        foreach (var item in work)
        {
            output.WriteLine($"== grading {item.Path}");
            scores.Add(grader.Grade(item.Path, item.Submission, item.SourcePath, item.Source));
        }
        GradeReport.WriteTable(output, scores);
        AtomicFile.WriteAllText(outFile, GradeReport.ToJson(scores));
        AtomicFile.WriteAllText(csvFile, GradeReport.ToCsv(scores));
        output.WriteLine($"written: {outFile}, {csvFile}");
        return CourseCli.Success;
    }

    /// <summary>
    /// For each chapter: at least three exercises; the chapter itself graded in full marks; its untouched student
    /// version in zero, every exercise "not attempted"; and with every answer replaced by its known mistake, every
    /// exercise in zero with that mistake's message. Exit 0 when all of it holds.
    /// </summary>
    public int CheckExercises(IReadOnlyList<string> paths, TimeSpan timeout)
    {
        var notebooks = NotebookDiscovery.Resolve(paths.Count > 0 ? paths : [Path.Combine(repositoryRoot, "notebooks")]);
        var grader = new Grader(new NotebookExecutor(DotnetRepl.Locate(repositoryRoot)), timeout);
        CourseData.Ensure(data, output);
        var problems = new List<string>();
        foreach (NotebookEntry entry in notebooks)
        {
            string name = Path.GetFileName(entry.Path);
            Notebook source = Load(entry.Path);
            var exercises = Exercises.Read(source, name);
            if (exercises.Count < 3) problems.Add($"{name}: {exercises.Count} exercises; every chapter needs at least three");
            if (exercises.Count == 0) continue;
            output.WriteLine($"== {name}: {exercises.Count} exercises, {exercises.Sum(e => e.Points)} points");

            // The three gradings are independent; run together they keep both cores busy through each kernel's start-up.
            var mistakes = exercises.ToDictionary(e => e.Test.GradeId, e => Exercises.Mistake(e.Answer.Cell)?.Message ?? "");
            // Each grading gets its own copies: notebooks are not shared between threads.
            Task<SubmissionScore> Grade(string file, Notebook submission)
            {
                Notebook copy = source.Clone();
                return Task.Run(() => grader.Grade(file, submission, entry.Path, copy));
            }
            var asWritten = Grade(entry.Path, source.Clone());
            var untouched = Grade("(student version)", Assigner.StudentVersion(source, name));
            var mistaken = Grade("(known mistakes)", Assigner.WithMistakes(source, name));
            Expect(asWritten.GetAwaiter().GetResult(), "the chapter as written", problems,
                e => e.Points == e.MaxPoints ? null : $"lost its points: {e.Message}");
            Expect(untouched.GetAwaiter().GetResult(), "the untouched student version", problems,
                e => e.Points == 0 && e.Message.Contains("not attempted", StringComparison.Ordinal) ? null : $"scored {e.Points} with '{e.Message}', not zero and 'not attempted'");
            Expect(mistaken.GetAwaiter().GetResult(), "every answer replaced by its known mistake", problems,
                e => e.Points == 0 && e.Message.Contains(mistakes[e.GradeId], StringComparison.Ordinal) ? null
                    : $"scored {e.Points} with '{e.Message}', expected zero and '{mistakes[e.GradeId]}'");
        }
        foreach (string problem in problems) output.WriteLine($"problem: {problem}");
        output.WriteLine(problems.Count == 0 ? $"exercises: all {notebooks.Count} notebooks grade as expected" : $"exercises: {problems.Count} problems");
        return problems.Count == 0 ? CourseCli.Success : CourseCli.Failures;
    }

    private void Expect(SubmissionScore score, string what, List<string> problems, Func<ExerciseScore, string?> problemOf)
    {
        output.WriteLine($"{what}: {score.Points} / {score.MaxPoints}");
        foreach (ExerciseScore exercise in score.Exercises)
        {
            output.WriteLine($"  {exercise.GradeId,-24} {exercise.Points,4} / {exercise.MaxPoints,-4} {exercise.Message}");
            if (problemOf(exercise) is { } problem) problems.Add($"{score.Notebook}, {what}: {exercise.GradeId} {problem}");
        }
        if (score.EditedLockedCells.Count > 0) problems.Add($"{score.Notebook}, {what}: locked cells reported edited: {string.Join(", ", score.EditedLockedCells)}");
    }

    private static Notebook Load(string path)
    {
        try
        {
            return Notebook.Load(path);
        }
        catch (NotebookFormatException e)
        {
            throw new CourseworkException(e.Message);
        }
    }
}
