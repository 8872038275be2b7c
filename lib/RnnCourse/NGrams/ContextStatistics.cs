namespace RnnCourse.NGrams;

/// <summary>
/// What the smoothers need to know about a context h, over its followers w: raw counts c(h w) &gt; 0 and
/// continuation counts N1+(• h w) &gt; 0 (Kneser-Ney's lower orders).
/// </summary>
internal struct ContextStatistics
{
    /// <summary>c(h) = Σ_w c(h w).</summary>
    public long FollowerTotal;
    /// <summary>Σ_w N1+(• h w).</summary>
    public long ContinuationTotal;
    /// <summary>N1(h •), N2(h •), N3+(h •): followers seen once, twice, three times or more.</summary>
    public int FollowerN1, FollowerN2, FollowerN3Plus;
    /// <summary>The same over continuation counts.</summary>
    public int ContinuationN1, ContinuationN2, ContinuationN3Plus;

    public readonly int DistinctFollowers => FollowerN1 + FollowerN2 + FollowerN3Plus;
}
