using RnnCourse.Data;

namespace RnnCourse.CourseTool;

/// <summary><c>course data</c>: every corpus the chapters read, found or downloaded once and checked by SHA-256.</summary>
public static class CourseData
{
    /// <summary>Resolves every corpus and prints where each is; the first that cannot be had stops it with one message.</summary>
    /// <exception cref="SetupException">A corpus is missing and cannot be downloaded, or has the wrong hash.</exception>
    public static void Ensure(CorpusResolver resolver, TextWriter output)
    {
        foreach (CorpusFile file in CorpusFile.All)
        {
            string path;
            try
            {
                path = resolver.Resolve(file);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new SetupException(e.Message);
            }
            output.WriteLine($"{file.FileName,-20} ok  {path}");
        }
    }
}
