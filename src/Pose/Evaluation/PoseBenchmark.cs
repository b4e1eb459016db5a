using System.Diagnostics;
using OpenCvSharp;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Evaluation;

/// <summary>
/// Speed of the pose stage alone: frames are decoded and resized to a square clip in memory first,
/// then timed through one tracker (detector on the first frame, tracked region after, as in a real
/// job). Also times the bare network forward pass, to show how much of a frame is the network.
/// </summary>
public static class PoseBenchmark
{
    public sealed record Measurement(BlazePoseModel Model, int Frames, double FramesPerSecond, double MillisecondsPerFrame,
        double NetworkMilliseconds, int FramesWithPerson);

    /// <summary>
    /// Builds <paramref name="count"/> square frames of <paramref name="size"/> pixels: the first frames of
    /// a video (centre square), or from a photo a slowly panning and zooming view, so there is motion to track.
    /// </summary>
    public static List<Mat> MakeClip(string path, int count, int size)
    {
        using FrameInput input = FrameInput.Open(path);
        var frames = new List<Mat>();
        try
        {
            if (input.Kind == FrameInputKind.Video)
            {
                foreach (DecodedFrame f in input.Read())
                {
                    using (f)
                    {
                        frames.Add(SquareResize(f.Image, 0, 0, Math.Min(f.Image.Width, f.Image.Height), size));
                    }

                    if (frames.Count == count)
                    {
                        break;
                    }
                }

                return frames;
            }

            using Mat photo = FrameInput.ReadImage(input.Kind == FrameInputKind.Image ? path : Directory.EnumerateFiles(path).First(FrameInput.IsImageFile));
            int side = Math.Min(photo.Width, photo.Height);
            for (int i = 0; i < count; i++)
            {
                double t = count > 1 ? (double)i / (count - 1) : 0;
                int crop = (int)(side * (0.95 - 0.1 * Math.Sin(Math.PI * t)));
                int dx = (int)((photo.Width - crop) * (0.5 + 0.3 * Math.Sin(2 * Math.PI * t)) );
                int dy = (photo.Height - crop) / 2;
                frames.Add(SquareResize(photo, dx, dy, crop, size));
            }

            return frames;
        }
        catch
        {
            frames.ForEach(f => f.Dispose());
            throw;
        }
    }

    public static Measurement Run(BlazePoseModel model, IReadOnlyList<Mat> clip, string? modelDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Count < 2)
        {
            throw new ArgumentException("the pose benchmark needs at least 2 frames");
        }

        var options = new PoseEstimatorOptions { Model = model, ModelDirectory = modelDirectory };
        using var tracker = new BlazePoseTracker(options);
        tracker.Estimate(clip[0]); // warm-up: first inference allocates; also runs the detector once
        tracker.Reset();
        int withPerson = 0;
        var clock = Stopwatch.StartNew();
        foreach (Mat frame in clip)
        {
            withPerson += tracker.Estimate(frame).HasPerson ? 1 : 0;
        }

        double seconds = clock.Elapsed.TotalSeconds;

        using var network = new BlazePoseNetwork(model, modelDirectory);
        using Mat crop = new PoseRegion(clip[0].Width / 2f, clip[0].Height / 2f, clip[0].Width, 0).Crop(clip[0]);
        network.Run([crop]);
        int passes = Math.Min(clip.Count, 20);
        clock.Restart();
        for (int i = 0; i < passes; i++)
        {
            network.Run([crop]);
        }

        double networkMs = clock.Elapsed.TotalMilliseconds / passes;
        return new Measurement(model, clip.Count, clip.Count / seconds, 1000 * seconds / clip.Count, networkMs, withPerson);
    }

    private static Mat SquareResize(Mat image, int x, int y, int side, int size)
    {
        side = Math.Min(side, Math.Min(image.Width - x, image.Height - y));
        if (x == 0 && y == 0)
        {
            x = (image.Width - side) / 2;
            y = (image.Height - side) / 2;
        }

        using var view = new Mat(image, new Rect(x, y, side, side));
        return view.Resize(new Size(size, size), 0, 0, InterpolationFlags.Area);
    }
}
