using OpenCvSharp;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// <c>--background dancer</c>: the dancer video's clean plate (the dancer removed) at the output height and
/// the video's aspect, with the rendered person placed at the dancer's position and scale in each frame
/// (the inverse of the pose stage's frame → square map, see <see cref="DancerPlacement"/>).
/// </summary>
public sealed class DancerBackdrop : IResultBackdrop
{
    private readonly Mat _plate;
    private readonly Func<Similarity?> _frameToSquare;
    private readonly Similarity _frameToPanel;
    private readonly DancerPlacement _placement = new();

    /// <summary>
    /// <paramref name="plate"/> is the scene at panel size (owned from here on); <paramref name="frameToSquare"/>
    /// gives the pose stage's reference map once it is calibrated (it is, before the first frame comes out);
    /// <paramref name="frameHeight"/> is the decoded frames' height.
    /// </summary>
    public DancerBackdrop(Mat plate, Func<Similarity?> frameToSquare, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(plate);
        ArgumentNullException.ThrowIfNull(frameToSquare);
        _plate = plate;
        _frameToSquare = frameToSquare;
        _frameToPanel = ScenePanel.Resize(frameHeight, plate.Rows);
    }

    public Size Size => _plate.Size();

    /// <summary>The square → panel map used for the last frame drawn.</summary>
    public Similarity? LastSquareToScene { get; private set; }

    public void Draw(Mat panel, RenderedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(frame);
        Similarity reference = _frameToSquare()
            ?? throw new InvalidOperationException("the pose stage released a frame before its frame-to-square map was known");
        PosedFrame posed = frame.Posed;
        Similarity frameToSquare = _placement.For(posed.DancerPose, posed.ModelPose, posed.PersonFound, reference);
        Similarity squareToScene = frameToSquare.Inverse().Then(_frameToPanel);
        LastSquareToScene = squareToScene;
        _plate.CopyTo(panel);
        PlacedComposite.Over(panel, frame.Result, squareToScene);
    }

    public void Dispose() => _plate.Dispose();
}
