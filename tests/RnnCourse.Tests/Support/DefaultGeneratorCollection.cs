namespace RnnCourse.Tests.Support;

/// <summary>
/// Tests that seed and then draw from the shared Generator.Default (Torch.ManualSeed) and assert on the
/// bits: they run alone, after the parallel tests, so no other test draws from it in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultGeneratorCollection
{
    public const string Name = "Generator.Default";
}
