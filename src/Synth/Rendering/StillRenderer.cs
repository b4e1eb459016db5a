using OpenCvSharp;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Rendering;

/// <summary>Full-body photos: a person centred in a square image with a margin, like fashion-dataset pictures.</summary>
internal static class StillRenderer
{
    /// <summary>Free space on the binding side of the person's box, as a fraction of the image.</summary>
    public const double DefaultMargin = 0.05;

    /// <summary>Poses <paramref name="body"/> in <paramref name="pose"/> and renders <paramref name="look"/> on it, framed to fit.</summary>
    public static RenderedPerson Render(Appearance look, BodyProportions body, BodyPose pose, int size, double margin = DefaultMargin)
    {
        Skeleton world = BodyKinematics.Solve(body, pose);
        return Render(look, world, Camera.FrameFullBody(world, size, size, margin), size);
    }

    /// <summary>
    /// Renders <paramref name="look"/> on a skeleton given in world units, seen by <paramref name="camera"/>.
    /// Rendering person A's appearance on person B's skeleton and camera gives exactly B's keypoints.
    /// </summary>
    public static RenderedPerson Render(Appearance look, Skeleton world, Camera camera, int size)
    {
        ArgumentNullException.ThrowIfNull(look);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(camera);
        using Mat background = BackgroundPainter.Paint(look.Background, size, size, camera.Scale);
        return PersonRenderer.Render(look, world.Project(camera), background);
    }
}
