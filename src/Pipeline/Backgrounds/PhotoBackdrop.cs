using OpenCvSharp;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// <c>--background photo</c>: the target photo with its person removed, at the output height and the
/// photo's aspect, with the rendered person put back where the photo's person stood, at the photo's scale
/// (the inverse of the crop <see cref="Appearance.TargetPerson"/> made). The dancer's poses were retargeted
/// into that crop, so the person dances on the spot where they were photographed.
/// </summary>
public sealed class PhotoBackdrop : IResultBackdrop
{
    private readonly Mat _scene;

    public PhotoBackdrop(Mat scene, Similarity squareToScene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _scene = scene;
        SquareToScene = squareToScene;
    }

    public Size Size => _scene.Size();

    /// <summary>Model square pixels to panel pixels.</summary>
    public Similarity SquareToScene { get; }

    /// <summary>The scene without the person.</summary>
    public Mat Scene => _scene;

    /// <summary>
    /// Builds the scene from <paramref name="photo"/> and its person mask (photo size, ≥ 128 = person):
    /// both are resized to the panel, the mask grown and the hole inpainted there; <paramref name="photoToSquare"/>
    /// is the crop the target person was cut with.
    /// </summary>
    public static PhotoBackdrop Create(Mat photo, Mat personMask, Similarity photoToSquare, int outputHeight)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(personMask);
        Size panel = ScenePanel.For(photo.Width, photo.Height, outputHeight);
        using Mat scaled = ScenePanel.Fit(photo, panel);
        using var mask = new Mat();
        Cv2.Resize(personMask, mask, panel, 0, 0, InterpolationFlags.Linear);
        Mat scene = PersonRemoval.Remove(scaled, mask);
        return new PhotoBackdrop(scene, photoToSquare.Inverse().Then(ScenePanel.Resize(photo.Height, outputHeight)));
    }

    public void Draw(Mat panel, RenderedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(frame);
        _scene.CopyTo(panel);
        PlacedComposite.Over(panel, frame.Result, SquareToScene);
    }

    public void Dispose() => _scene.Dispose();
}
