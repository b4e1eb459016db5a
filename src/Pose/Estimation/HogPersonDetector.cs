using OpenCvSharp;

namespace VUnetStream.Pose.Estimation;

/// <summary>
/// Finds people with OpenCV's built-in HOG + linear SVM people detector (Dalal–Triggs). Used only to
/// start tracking: on the first frame and whenever the tracked region loses the person. The detector
/// works on a 64×128 window in which a person is about 96 pixels tall, so large frames are shrunk
/// (speed) and small ones enlarged and padded (a person who fills the image still fits a window).
/// Not thread-safe: use one instance per thread.
/// </summary>
internal sealed class HogPersonDetector : IDisposable
{
    private const int MaxWorkingHeight = 720;
    private const int MinWorkingHeight = 320;
    private readonly HOGDescriptor _hog;

    public HogPersonDetector()
    {
        _hog = new HOGDescriptor();
        _hog.SetSVMDetector(HOGDescriptor.GetDefaultPeopleDetector());
    }

    /// <summary>Person boxes in frame pixels, the most confident first.</summary>
    public IReadOnlyList<Rect2f> Detect(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty())
        {
            return [];
        }

        double scale = frame.Height > MaxWorkingHeight ? (double)MaxWorkingHeight / frame.Height
            : frame.Height < MinWorkingHeight ? (double)MinWorkingHeight / frame.Height
            : 1.0;
        using var work = new Mat();
        Cv2.Resize(frame, work, new Size(Math.Max(1, (int)Math.Round(frame.Width * scale)), Math.Max(1, (int)Math.Round(frame.Height * scale))),
            interpolation: scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);

        // A border of a quarter of the height lets the window extend past a person who fills the frame.
        int pad = work.Height / 4;
        using var padded = new Mat();
        Cv2.CopyMakeBorder(work, padded, pad, pad, pad, pad, BorderTypes.Replicate);

        Rect[] boxes = _hog.DetectMultiScale(padded, out double[] weights, hitThreshold: 0, winStride: new Size(8, 8),
            padding: new Size(16, 16), scale: 1.05, groupThreshold: 2);
        return boxes
            .Select((b, i) => (Box: b, Weight: i < weights.Length ? weights[i] : 0))
            .OrderByDescending(d => d.Weight * Math.Sqrt(d.Box.Width * (double)d.Box.Height))
            .Select(d => new Rect2f(
                (float)((d.Box.X - pad) / scale), (float)((d.Box.Y - pad) / scale),
                (float)(d.Box.Width / scale), (float)(d.Box.Height / scale)))
            .ToArray();
    }

    public void Dispose() => _hog.Dispose();
}
