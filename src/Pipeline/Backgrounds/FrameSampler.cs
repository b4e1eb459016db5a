using OpenCvSharp;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>Frames spread evenly over a video (for a clean plate), read by seeking rather than decoding it all.</summary>
public static class FrameSampler
{
    /// <summary>
    /// Up to <paramref name="count"/> frames of <paramref name="videoPath"/> at evenly spaced positions (the first
    /// and the last included), each resized to <paramref name="size"/>; BGR. Fails naming the video when none decodes.
    /// </summary>
    public static IReadOnlyList<Mat> Sample(string videoPath, int count, Size size, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(videoPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var capture = new VideoCapture(videoPath);
        if (!capture.IsOpened())
        {
            throw new InvalidDataException($"video '{videoPath}' cannot be opened to build its clean plate");
        }

        int frames = Math.Max(1, capture.FrameCount);
        int n = Math.Min(count, frames);
        var samples = new List<Mat>(n);
        try
        {
            using var image = new Mat();
            for (int i = 0; i < n; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int index = n == 1 ? 0 : (int)Math.Round((double)i * (frames - 1) / (n - 1));
                capture.Set(VideoCaptureProperties.PosFrames, index);
                if (!capture.Read(image) || image.Empty())
                {
                    continue; // a position past a truncated end: the others still make a plate
                }

                samples.Add(ScenePanel.Fit(image, size));
            }
        }
        catch
        {
            samples.ForEach(m => m.Dispose());
            throw;
        }

        if (samples.Count == 0)
        {
            throw new InvalidDataException($"no frame of video '{videoPath}' could be read to build its clean plate");
        }

        return samples;
    }
}
