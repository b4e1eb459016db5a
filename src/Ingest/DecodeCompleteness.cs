namespace VUnetStream.Ingest;

/// <summary>
/// Whether a decode delivered the frames the container announced. A truncated or damaged file still
/// opens (an MP4 written with +faststart carries its whole index at the front) and simply stops
/// decoding early, so without this check a third of a video would pass for a finished job.
/// Every reader of a whole video (the pipeline's decode stage, the pose job's frame input) checks
/// through here, so they fail, and warn, in the same words.
/// </summary>
public static class DecodeCompleteness
{
    /// <summary>
    /// True when clearly fewer frames decoded than announced. Containers that only estimate their
    /// count (from duration × rate) can be off by a frame or two, hence the slack of one frame or 1%.
    /// </summary>
    public static bool EndedEarly(int announced, int decoded) =>
        announced > 0 && announced - decoded > Math.Max(1, announced / 100);

    /// <summary>Whether <paramref name="source"/>, read to its end, stopped clearly before its announced count.</summary>
    public static bool EndedEarly(VideoSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return EndedEarly(source.Info.FrameCount, source.FramesRead);
    }

    public static string Describe(string path, int announced, int decoded) =>
        $"video '{path}' ended after {decoded} of the {announced} frames its container announces (a truncated or damaged file)";

    /// <summary>
    /// Fails a job whose video (read to its end) stopped early, unless <paramref name="allowPartial"/>;
    /// then the caller warns with <see cref="PartialWarning"/>.
    /// </summary>
    public static void ThrowIfEndedEarly(VideoSource source, bool allowPartial)
    {
        if (EndedEarly(source) && !allowPartial)
        {
            throw new InvalidDataException(Describe(source.Info.Path, source.Info.FrameCount, source.FramesRead)
                + "; nothing was written (pass --allow-partial to keep the frames that decode)");
        }
    }

    /// <summary>The warning of a job that kept the <paramref name="kept"/> frames of a video that ended early.</summary>
    public static string PartialWarning(string path, int announced, int decoded, int kept) =>
        "warning: " + Describe(path, announced, decoded) + $"; --allow-partial: the output has those {kept} frames";
}
