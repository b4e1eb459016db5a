using OpenCvSharp;
using VUnetStream.Pipeline.Frames;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// A scene the rendered person is placed into at output resolution (<c>--background photo|dancer</c>): the
/// output composer hands it the result panel and each rendered frame (BGRA at model size) in order.
/// </summary>
public interface IResultBackdrop : IDisposable
{
    /// <summary>The result panel's size: the scene's aspect at the output height (even width).</summary>
    Size Size { get; }

    /// <summary>Draws the scene with the frame's person in it into <paramref name="panel"/> (CV_8UC3, <see cref="Size"/>).</summary>
    void Draw(Mat panel, RenderedFrame frame);
}

/// <summary>Sizes of the scene panels.</summary>
public static class ScenePanel
{
    /// <summary>A <paramref name="width"/>×<paramref name="height"/> scene at <paramref name="outputHeight"/>: same aspect, even width.</summary>
    public static Size For(int width, int height, int outputHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputHeight, 2);
        return new Size(Math.Max(2, (int)Math.Round((double)width / height * outputHeight / 2) * 2), outputHeight);
    }

    /// <summary>
    /// How a resize of a <paramref name="sourceHeight"/>-high image to <paramref name="panelHeight"/> moves pixel
    /// coordinates (pixel centres: x' = (x + ½)·k − ½), as a similarity.
    /// </summary>
    public static Pose.Retargeting.Similarity Resize(int sourceHeight, int panelHeight)
    {
        float k = (float)panelHeight / sourceHeight;
        return new Pose.Retargeting.Similarity(k, 0.5f * k - 0.5f, 0.5f * k - 0.5f);
    }

    /// <summary>Resizes a scene image to the panel (area averaging when shrinking, bicubic when growing).</summary>
    public static Mat Fit(Mat image, Size panel)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Mat();
        Cv2.Resize(image, result, panel, 0, 0, panel.Height < image.Rows ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        return result;
    }
}
