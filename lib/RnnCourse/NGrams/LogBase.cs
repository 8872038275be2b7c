namespace RnnCourse.NGrams;

/// <summary>The unit of a cross-entropy: nats (natural log, base e) or bits (log base 2). 1 nat = 1/ln 2 bits.</summary>
public enum LogBase
{
    /// <summary>Natural logarithm, base e.</summary>
    Nats,
    /// <summary>Logarithm base 2.</summary>
    Bits,
}
