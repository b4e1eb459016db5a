using VUnetStream.Synth.Geometry;

namespace VUnetStream.Synth.Body;

/// <summary>
/// An orthographic camera: world point (x, y) maps to <c>Center + Scale·(p − Focus)</c> in pixels.
/// Scale is pixels per body unit; zooming changes it, panning moves the focus.
/// </summary>
public sealed record Camera(double Scale, double FocusX, double FocusY, double CenterX, double CenterY)
{
    public Vec3 Project(Vec3 world) => new(
        CenterX + Scale * (world.X - FocusX),
        CenterY + Scale * (world.Y - FocusY),
        Scale * world.Z);

    /// <summary>
    /// The camera that shows the whole person centred, with <paramref name="margin"/> (a fraction of the
    /// image) free on the binding side, like the full-body photos of fashion datasets.
    /// </summary>
    public static Camera FrameFullBody(Skeleton world, int width, int height, double margin)
    {
        ArgumentNullException.ThrowIfNull(world);
        (double minX, double minY, double maxX, double maxY) = world.Extent();
        double scale = Math.Min(width * (1 - 2 * margin) / (maxX - minX), height * (1 - 2 * margin) / (maxY - minY));
        return new Camera(scale, (minX + maxX) / 2, (minY + maxY) / 2, (width - 1) / 2.0, (height - 1) / 2.0);
    }
}
