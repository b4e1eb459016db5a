namespace VUnetStream.Pose.Retargeting;

/// <summary>How the dancer's poses are fitted to the target person's body.</summary>
public enum RetargetMode
{
    /// <summary>Poses are used as they are, in the dancer video's pixels.</summary>
    Off,

    /// <summary>One scale and translation for the clip, from body heights and foot lines (Everybody Dance Now).</summary>
    Global,

    /// <summary>Each bone rescaled to the target's length, joint angles kept, then global placement.</summary>
    Bones,
}

/// <summary>Parsing of <see cref="RetargetMode"/> names.</summary>
public static class RetargetModes
{
    public static RetargetMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "off" or "none" => RetargetMode.Off,
        "global" => RetargetMode.Global,
        "bones" => RetargetMode.Bones,
        _ => throw new ArgumentException($"unknown retargeting '{text}'; choose off, global or bones"),
    };
}
