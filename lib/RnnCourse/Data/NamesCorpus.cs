namespace RnnCourse.Data;

/// <summary>A list of names split into train, validation and test (see <see cref="Corpus.Names"/>).</summary>
/// <param name="All">Every name, in file order.</param>
/// <param name="Train">The training names (shuffled).</param>
/// <param name="Validation">The validation names (shuffled).</param>
/// <param name="Test">The test names (shuffled).</param>
/// <param name="Path">The verified file the names were read from.</param>
public sealed record NamesCorpus(
    IReadOnlyList<string> All,
    IReadOnlyList<string> Train,
    IReadOnlyList<string> Validation,
    IReadOnlyList<string> Test,
    string Path);
