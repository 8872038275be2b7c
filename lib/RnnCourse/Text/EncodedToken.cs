namespace RnnCourse.Text;

/// <summary>
/// One token of an encoded text, as Microsoft.ML.Tokenizers' EncodedToken: its id, its text, and
/// where it came from in the input (UTF-16 char offsets).
/// </summary>
/// <param name="Id">The token id.</param>
/// <param name="Value">The token's text (byte tokens that are not valid UTF-8 on their own are written &lt;0xNN&gt;).</param>
/// <param name="Offset">The input chars the token covers.</param>
public readonly record struct EncodedToken(int Id, string Value, Range Offset);
