namespace RnnCourse.Data;

/// <summary>One long text split into consecutive train, validation and test parts (see <see cref="Corpus.TinyShakespeare"/>).</summary>
/// <param name="Text">The whole text.</param>
/// <param name="Train">The first part.</param>
/// <param name="Validation">The part after it.</param>
/// <param name="Test">The last part (empty when the test fraction is 0).</param>
/// <param name="Path">The verified file the text was read from.</param>
public sealed record TextCorpus(string Text, string Train, string Validation, string Test, string Path);
