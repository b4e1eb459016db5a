using VUnetStream.Ingest;

namespace VUnetStream.Application.PersonVideo;

/// <summary>How many frames a video has: what its container announces, or (when it announces none) a count by decoding.</summary>
internal static class VideoFrameCount
{
    public static int Of(string path, VideoSource source, int maxSide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Info.FrameCount > 0)
        {
            return source.Info.FrameCount;
        }

        // A raw stream without an index: a split by fraction needs the length, so read it once.
        using VideoSource counting = VideoSource.Open(path, maxSide);
        int count = 0;
        foreach (DecodedFrame frame in counting.ReadFrames(cancellationToken))
        {
            frame.Dispose();
            count++;
        }

        return count;
    }
}
