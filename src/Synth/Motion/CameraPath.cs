using VUnetStream.Synth.Body;

namespace VUnetStream.Synth.Motion;

/// <summary>
/// A handheld-style camera for a clip: it follows the dancer sideways with a little drift, breathes
/// in and out slightly, and makes one close-up on the upper body around the middle of the clip, during
/// which the legs (and often raised hands) leave the frame.
/// </summary>
public sealed class CameraPath
{
    private readonly int _size;
    private readonly double _baseScale;
    private readonly double _height;
    private readonly double _closeUpAt, _closeUpHalfWidth, _closeUpZoom;
    private readonly double _phase1, _phase2;

    public CameraPath(int seed, double duration, int size, BodyProportions dancer)
    {
        ArgumentNullException.ThrowIfNull(dancer);
        Random rng = Seeds.Random(seed, "camera");
        _size = size;
        _height = dancer.Height;
        _baseScale = 0.74 * size / dancer.Height;
        _closeUpAt = duration * rng.Uniform(0.4, 0.62);
        _closeUpHalfWidth = Math.Clamp(0.22 * duration, 0.3, 1.3);
        _closeUpZoom = rng.Uniform(1.65, 2.0);
        _phase1 = rng.Uniform(0, 2 * Math.PI);
        _phase2 = rng.Uniform(0, 2 * Math.PI);
    }

    /// <summary>The camera before any move: the whole dancer, centred on the floor position 0.</summary>
    public Camera Reference => new(_baseScale, 0, -0.5 * _height, (_size - 1) / 2.0, (_size - 1) / 2.0);

    /// <summary>How far into the close-up the camera is at <paramref name="seconds"/> (0 none, 1 full).</summary>
    public double CloseUp(double seconds)
    {
        double x = (seconds - _closeUpAt) / _closeUpHalfWidth;
        return Math.Abs(x) >= 1 ? 0 : 0.5 + 0.5 * Math.Cos(Math.PI * x);
    }

    /// <param name="seconds">Time in the clip.</param>
    /// <param name="dancerX">Where the dancer stands (world x), which the camera follows with some slack.</param>
    public Camera At(double seconds, double dancerX)
    {
        double close = CloseUp(seconds);
        double zoom = (1 + 0.05 * Math.Sin(2 * Math.PI * seconds / 6 + _phase1)) * (1 + (_closeUpZoom - 1) * close);
        double focusX = 0.6 * dancerX + 0.05 * _height * Math.Sin(2 * Math.PI * seconds / 5 + _phase2);
        double focusY = -_height * (0.5 + 0.22 * close) + 0.02 * _height * Math.Sin(2 * Math.PI * seconds / 3.3 + _phase1);
        return new Camera(_baseScale * zoom, focusX, focusY, (_size - 1) / 2.0, (_size - 1) / 2.0);
    }
}
