using OpenCvSharp;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Segmentation;

/// <summary>
/// The landmark network's person mask as it comes out: one logit per pixel of the 256×256 network input,
/// for the (possibly rotated) <see cref="Region"/> of the frame that input was resampled from.
/// </summary>
public sealed class RegionSegmentation
{
    // Logit given to frame pixels outside the region: sigmoid(-30) ≈ 1e-13, i.e. surely background.
    private const float OutsideLogit = -30f;

    private readonly float[] _logits;

    internal RegionSegmentation(float[] logits, PoseRegion region)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Length != PoseRegion.InputSize * PoseRegion.InputSize)
        {
            throw new ArgumentException($"a region's segmentation has {PoseRegion.InputSize}² logits, got {logits.Length}", nameof(logits));
        }

        _logits = logits;
        Region = region;
    }

    /// <summary>Row-major logits over the network input (pixel (u, v) at v·256 + u); &gt; 0 means person.</summary>
    public IReadOnlyList<float> Logits => _logits;

    public PoseRegion Region { get; }

    /// <summary>
    /// The mask in frame pixels: the logits are resampled through the same affine map the crop was made
    /// with (so the region's rotation and scale are undone exactly), then squashed with a sigmoid. The
    /// logits, not the probabilities, are interpolated: upsampling a 256² mask to a large region then gives
    /// a smooth edge at the 0.5 level instead of a blurred step. Pixels outside the region are background.
    /// </summary>
    public PersonMask ToFrame(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"frame size {width}x{height} must be positive");
        }

        using var logits = new Mat(PoseRegion.InputSize, PoseRegion.InputSize, MatType.CV_32FC1);
        logits.SetArray(_logits);
        using Mat toInput = Region.FrameToInput();
        using var frameLogits = new Mat();
        // WarpInverseMap: the matrix maps destination (frame) pixels to source (network input) pixels.
        Cv2.WarpAffine(logits, frameLogits, toInput, new Size(width, height), InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap,
            BorderTypes.Constant, Scalar.All(OutsideLogit));
        return PersonMask.FromLogits(frameLogits);
    }
}
