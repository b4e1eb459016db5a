using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using static TorchSharp.torch;

namespace VUnetStream.Render.Shape;

/// <summary>
/// The shape image ŷ of VUNet: a 3-channel "stickman" drawn from COCO-18 keypoints, exactly as the
/// reference (docs/vunet-reference.md) defines it.
/// <list type="bullet">
/// <item>channel 0: the person's right limbs (ankle–knee–hip–shoulder–elbow–wrist) at 255, the
///   neck→nose line at 127 (neck = midpoint of the shoulders), nose→right eye at 255;</item>
/// <item>channel 1: the same for the left side;</item>
/// <item>channel 2: the torso quad (lhip, lshoulder, rshoulder, rhip) filled with 255.</item>
/// </list>
/// Channel order: spec channel c is stored in Mat channel c and in tensor channel c. The original
/// code built the stickman as an RGB array, so channel 0 is what it showed as red; the Mat returned
/// by <see cref="Draw"/> is therefore NOT a BGR picture — use <see cref="ToDisplayBgr"/> to look at it.
/// Lines are 8-connected (no anti-aliasing), floor(3·W/128) px thick (at least 1), and pixel
/// coordinates are truncated to integers like the original.
/// </summary>
public static class Stickman
{
    public const byte LimbValue = 255;
    public const byte NeckValue = 127;

    /// <summary>Right-side limb segments (channel 0), in the order the original draws them.</summary>
    public static IReadOnlyList<(Coco18 From, Coco18 To)> RightLimbs { get; } =
    [
        (Coco18.RAnkle, Coco18.RKnee), (Coco18.RKnee, Coco18.RHip), (Coco18.RHip, Coco18.RShoulder),
        (Coco18.RShoulder, Coco18.RElbow), (Coco18.RElbow, Coco18.RWrist),
    ];

    /// <summary>Left-side limb segments (channel 1).</summary>
    public static IReadOnlyList<(Coco18 From, Coco18 To)> LeftLimbs { get; } =
    [
        (Coco18.LAnkle, Coco18.LKnee), (Coco18.LKnee, Coco18.LHip), (Coco18.LHip, Coco18.LShoulder),
        (Coco18.LShoulder, Coco18.LElbow), (Coco18.LElbow, Coco18.LWrist),
    ];

    /// <summary>Torso polygon corners (channel 2), in fill order.</summary>
    public static IReadOnlyList<Coco18> TorsoCorners { get; } = [Coco18.LHip, Coco18.LShoulder, Coco18.RShoulder, Coco18.RHip];

    /// <summary>Line thickness the original uses for an image <paramref name="width"/> pixels wide.</summary>
    public static int Thickness(int width) => Math.Max(1, 3 * width / 128);

    /// <summary>Draws the stickman of <paramref name="pose"/> (pixel coordinates of a width×height image).</summary>
    /// <returns>A new CV_8UC3 Mat, spec channel c in Mat channel c (see the class remarks).</returns>
    public static Mat Draw(PersonPose pose, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"stickman size must be positive, got {width}x{height}");
        }

        int thickness = Thickness(width);
        using var right = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        using var left = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        using var torso = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));

        if (TorsoCorners.All(j => pose[j].IsPresent))
        {
            Point[] corners = TorsoCorners.Select(j => ToPixel(pose[j])).ToArray();
            Cv2.FillPoly(torso, new[] { corners }, Scalar.All(LimbValue), LineTypes.Link8);
        }

        DrawSegments(right, pose, RightLimbs, thickness);
        DrawSegments(left, pose, LeftLimbs, thickness);

        Keypoint nose = pose[Coco18.Nose];
        Keypoint rShoulder = pose[Coco18.RShoulder];
        Keypoint lShoulder = pose[Coco18.LShoulder];
        if (nose.IsPresent && rShoulder.IsPresent && lShoulder.IsPresent)
        {
            // The neck is the shoulders' midpoint (computed in floating point, then truncated), not OpenPose's neck joint.
            var neck = new Point((int)(0.5f * (rShoulder.X + lShoulder.X)), (int)(0.5f * (rShoulder.Y + lShoulder.Y)));
            Point nosePixel = ToPixel(nose);
            Cv2.Line(right, neck, nosePixel, Scalar.All(NeckValue), thickness, LineTypes.Link8);
            Cv2.Line(left, neck, nosePixel, Scalar.All(NeckValue), thickness, LineTypes.Link8);
        }

        Keypoint rEye = pose[Coco18.REye];
        Keypoint lEye = pose[Coco18.LEye];
        if (nose.IsPresent && rEye.IsPresent && lEye.IsPresent)
        {
            Cv2.Line(right, ToPixel(nose), ToPixel(rEye), Scalar.All(LimbValue), thickness, LineTypes.Link8);
            Cv2.Line(left, ToPixel(nose), ToPixel(lEye), Scalar.All(LimbValue), thickness, LineTypes.Link8);
        }

        var result = new Mat();
        Cv2.Merge([right, left, torso], result);
        return result;
    }

    /// <summary>The stickman as a float tensor [3, H, W] in [−1, 1] (0 → −1, 255 → 1), spec channel order.</summary>
    public static Tensor ToTensor(PersonPose pose, int width, int height)
    {
        using Mat mat = Draw(pose, width, height);
        return ToTensor(mat);
    }

    /// <summary>Converts a stickman Mat from <see cref="Draw"/> to [3, H, W] in [−1, 1] WITHOUT swapping channels.</summary>
    public static Tensor ToTensor(Mat stickman)
    {
        ArgumentNullException.ThrowIfNull(stickman);
        return ImageTensors.FromMatChannels(stickman);
    }

    /// <summary>Stickmen of several poses stacked to [N, 3, H, W].</summary>
    public static Tensor ToTensorBatch(IReadOnlyList<PersonPose> poses, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count == 0)
        {
            throw new ArgumentException("no poses to draw", nameof(poses));
        }

        using var scope = NewDisposeScope();
        Tensor[] items = poses.Select(p => ToTensor(p, width, height)).ToArray();
        return stack(items).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A BGR picture of a stickman Mat for people to look at: right limbs red, left limbs green,
    /// torso blue (spec channels 0, 1, 2 shown as R, G, B, as the original displayed them).
    /// </summary>
    public static Mat ToDisplayBgr(Mat stickman)
    {
        ArgumentNullException.ThrowIfNull(stickman);
        var display = new Mat();
        Cv2.CvtColor(stickman, display, ColorConversionCodes.RGB2BGR);
        return display;
    }

    /// <summary>A BGR picture of a stickman tensor [3, H, W] in [−1, 1] (spec order).</summary>
    public static Mat ToDisplayBgr(Tensor stickman) => ImageTensors.ToBgr(stickman);

    private static void DrawSegments(Mat channel, PersonPose pose, IReadOnlyList<(Coco18 From, Coco18 To)> segments, int thickness)
    {
        foreach ((Coco18 from, Coco18 to) in segments)
        {
            if (pose[from].IsPresent && pose[to].IsPresent)
            {
                Cv2.Line(channel, ToPixel(pose[from]), ToPixel(pose[to]), Scalar.All(LimbValue), thickness, LineTypes.Link8);
            }
        }
    }

    // The original casts coordinates with np.int_, i.e. truncation (coordinates are non-negative here).
    private static Point ToPixel(Keypoint k) => new((int)k.X, (int)k.Y);
}
