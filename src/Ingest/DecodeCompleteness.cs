namespace VUnetStream.Ingest;

/// <summary>
/// Whether a decode delivered the frames the container announced. A truncated or damaged file still
/// opens (an MP4 written with +faststart carries its whole index at the front) and simply stops
/// decoding early, so without this check a third of a video would pass for a finished job.
/// </summary>
public static class DecodeCompleteness
{
    /// <summary>
    /// True when clearly fewer frames decoded than announced. Containers that only estimate their
    /// count (from duration × rate) can be off by a frame or two, hence the slack of one frame or 1%.
    /// </summary>
    public static bool EndedEarly(int announced, int decoded) =>
        announced > 0 && announced - decoded > Math.Max(1, announced / 100);

    public static string Describe(string path, int announced, int decoded) =>
        $"video '{path}' ended after {decoded} of the {announced} frames its container announces (a truncated or damaged file)";
}
