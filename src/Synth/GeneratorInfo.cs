namespace VUnetStream.Synth;

/// <summary>Identifies the generator in index files, so data made by an older renderer can be told apart.</summary>
internal static class GeneratorInfo
{
    public const string Name = "VUnetStream.Synth";

    /// <summary>Bumped whenever the same seed would produce different pixels or keypoints.</summary>
    public const int Version = 1;
}
