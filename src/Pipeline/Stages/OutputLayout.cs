using OpenCvSharp;
using VUnetStream.Pipeline.Backgrounds;
using VUnetStream.Pipeline.Frames;

namespace VUnetStream.Pipeline.Stages;

/// <summary>What each output frame shows.</summary>
public enum OutputLayout
{
    /// <summary>The generated person only.</summary>
    Result,

    /// <summary>Dancer frame | stickman | generated person, side by side.</summary>
    SideBySide,
}

/// <summary>
/// Composes output frames of a fixed size from rendered frames. The result panel is the model's square
/// scaled to the output height, or with a <see cref="IResultBackdrop"/> (<c>--background photo|dancer</c>)
/// the backdrop's scene at its own aspect with the person placed in it.
/// </summary>
internal sealed class OutputComposer
{
    private readonly OutputLayout _layout;
    private readonly int _height;
    private readonly int _dancerWidth;
    private readonly int _resultWidth;
    private readonly IResultBackdrop? _backdrop;

    public OutputComposer(OutputLayout layout, int height, int sourceWidth, int sourceHeight, IResultBackdrop? backdrop = null)
    {
        if (height < 16 || height % 2 != 0)
        {
            throw new ArgumentException($"output size {height} must be an even number of at least 16 pixels");
        }

        if (backdrop is not null && backdrop.Size.Height != height)
        {
            throw new ArgumentException($"the backdrop is {backdrop.Size.Height} px high, the output {height} px");
        }

        _layout = layout;
        _height = height;
        _backdrop = backdrop;
        _dancerWidth = Even((double)sourceWidth / sourceHeight * height);
        _resultWidth = backdrop?.Size.Width ?? height;
        Width = layout == OutputLayout.Result ? _resultWidth : _dancerWidth + height + _resultWidth;
    }

    public int Width { get; }

    public int Height => _height;

    /// <summary>Returns a new CV_8UC3 image of <see cref="Width"/>×<see cref="Height"/>.</summary>
    public Mat Compose(RenderedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var canvas = new Mat(_height, Width, MatType.CV_8UC3, Scalar.Black);
        int x = 0;
        if (_layout == OutputLayout.SideBySide)
        {
            Paste(canvas, frame.Posed.Frame.Image, x, _dancerWidth, InterpolationFlags.Area);
            x += _dancerWidth;
            Paste(canvas, frame.Posed.Stickman, x, _height, InterpolationFlags.Nearest);
            x += _height;
        }

        if (_backdrop is null)
        {
            Paste(canvas, frame.Result, x, _height, InterpolationFlags.Cubic);
        }
        else
        {
            using Mat panel = canvas[new Rect(x, 0, _resultWidth, _height)];
            _backdrop.Draw(panel, frame);
        }

        return canvas;
    }

    private void Paste(Mat canvas, Mat image, int x, int width, InterpolationFlags interpolation)
    {
        using Mat region = canvas[new Rect(x, 0, width, _height)];
        Cv2.Resize(image, region, new Size(width, _height), interpolation: interpolation);
    }

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
}
