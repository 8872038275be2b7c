using RnnCourse.Training;

namespace RnnCourse.Tests.Support;

/// <summary>The stages of <see cref="Safetensors.Save"/> as theory data, by name (the stage type is internal to the library).</summary>
public static class SaveStages
{
    public static TheoryData<string> Every => [.. Enum.GetNames<Safetensors.SaveStage>()];

    public static TheoryData<string> BeforeTheMove => [.. Enum.GetNames<Safetensors.SaveStage>().Where(s => s != nameof(Safetensors.SaveStage.Replaced))];
}
