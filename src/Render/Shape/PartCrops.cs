using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using static TorchSharp.torch;
using Size = OpenCvSharp.Size;

namespace VUnetStream.Render.Shape;

/// <summary>The 8 body parts whose pose-normalised crops the appearance encoder sees, in input order.</summary>
public enum BodyPart
{
    Torso = 0,
    Head = 1,
    LeftUpperArm = 2,
    LeftForearm = 3,
    RightUpperArm = 4,
    RightForearm = 5,
    LeftThigh = 6,
    RightThigh = 7,
}

/// <summary>
/// The appearance input of VUNet: 8 part crops, each warped by a perspective transform to a
/// (W/2^boxFactor)×(H/2^boxFactor) image with replicated border, stacked to 24 channels (RGB per crop,
/// [−1, 1]) in <see cref="BodyPart"/> order. A part whose joints are missing is all zeros (mid grey).
/// Geometry (docs/vunet-reference.md, as the original code does it):
/// <list type="bullet">
/// <item>torso: the quad lshoulder, lhip, rhip, rshoulder mapped to the crop corners (0,0), (0,h), (w,h), (w,0);</item>
/// <item>two-joint parts (arms, thighs): a rectangle along the segment, 0.5 × its length wide; the first
///   joint lands on the crop's left edge, the second on its right edge;</item>
/// <item>head: a square from neck + 2·(nose − neck) to the neck (neck = shoulders' midpoint); without a
///   nose, a box above the shoulders as tall as the shoulder width;</item>
/// <item>thigh without a knee: a vertical segment from the hip to the bottom image row.</item>
/// </list>
/// </summary>
public static class PartCrops
{
    public const int PartCount = 8;
    public const int Channels = 3 * PartCount;

    // A perspective transform needs four corners of which no three are collinear; parts whose corner
    // triangles are smaller than this (coincident joints) are treated as missing.
    private const double MinimumTriangleArea = 1e-3;

    /// <summary>Crop side lengths for an image: (W >> boxFactor, H >> boxFactor).</summary>
    public static (int Width, int Height) CropSize(int imageWidth, int imageHeight, int boxFactor)
    {
        if (boxFactor < 0 || boxFactor > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(boxFactor), boxFactor, "box factor must be between 0 and 8");
        }

        int w = imageWidth >> boxFactor;
        int h = imageHeight >> boxFactor;
        if (w < 1 || h < 1)
        {
            throw new ArgumentException($"a {imageWidth}x{imageHeight} image is too small for box factor {boxFactor}");
        }

        return (w, h);
    }

    /// <summary>
    /// The source quad of one part in image pixels, corners in the order that maps to the crop's
    /// (0,0), (0,h), (w,h), (w,0); null when the part is missing.
    /// </summary>
    public static Point2f[]? SourceQuad(PersonPose pose, BodyPart part, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(pose);
        Point2f[]? quad = part switch
        {
            BodyPart.Torso => TorsoQuad(pose),
            BodyPart.Head => HeadQuad(pose),
            BodyPart.LeftUpperArm => SegmentQuad(pose, Coco18.LShoulder, Coco18.LElbow),
            BodyPart.LeftForearm => SegmentQuad(pose, Coco18.LElbow, Coco18.LWrist),
            BodyPart.RightUpperArm => SegmentQuad(pose, Coco18.RShoulder, Coco18.RElbow),
            BodyPart.RightForearm => SegmentQuad(pose, Coco18.RElbow, Coco18.RWrist),
            BodyPart.LeftThigh => ThighQuad(pose, Coco18.LHip, Coco18.LKnee, imageHeight),
            BodyPart.RightThigh => ThighQuad(pose, Coco18.RHip, Coco18.RKnee, imageHeight),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "unknown body part"),
        };
        return quad is not null && SmallestCornerTriangle(quad) >= MinimumTriangleArea ? quad : null;
    }

    /// <summary>The 24-channel crop tensor [24, H >> bf, W >> bf] in [−1, 1] of one 8-bit BGR image.</summary>
    public static Tensor Extract(Mat imageBgr, PersonPose pose, int boxFactor)
    {
        ArgumentNullException.ThrowIfNull(imageBgr);
        ArgumentNullException.ThrowIfNull(pose);
        if (imageBgr.Empty() || imageBgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"part crops need an 8-bit 3-channel image, got {(imageBgr.Empty() ? "an empty image" : imageBgr.Type().ToString())}", nameof(imageBgr));
        }

        (int w, int h) = CropSize(imageBgr.Cols, imageBgr.Rows, boxFactor);
        using var rgb = new Mat();
        Cv2.CvtColor(imageBgr, rgb, ColorConversionCodes.BGR2RGB);
        using var source = new Mat();
        rgb.ConvertTo(source, MatType.CV_32FC3, 1.0 / 127.5, -1.0);

        var all = new float[Channels * h * w];
        var pixels = new float[h * w * 3];
        Point2f[] destination = [new(0, 0), new(0, h), new(w, h), new(w, 0)];
        for (int p = 0; p < PartCount; p++)
        {
            Point2f[]? quad = SourceQuad(pose, (BodyPart)p, imageBgr.Rows);
            if (quad is null)
            {
                continue; // zeros = mid grey
            }

            using Mat transform = Cv2.GetPerspectiveTransform(quad, destination);
            using var crop = new Mat();
            Cv2.WarpPerspective(source, crop, transform, new Size(w, h), InterpolationFlags.Linear, BorderTypes.Replicate);
            Marshal.Copy(crop.Data, pixels, 0, pixels.Length);
            // HWC → CHW into this part's 3 channels.
            int baseOffset = p * 3 * h * w;
            for (int i = 0; i < h * w; i++)
            {
                all[baseOffset + i] = pixels[3 * i];
                all[baseOffset + h * w + i] = pixels[3 * i + 1];
                all[baseOffset + 2 * h * w + i] = pixels[3 * i + 2];
            }
        }

        return tensor(all, [Channels, h, w], ScalarType.Float32);
    }

    /// <summary>Crops of several (image, pose) pairs stacked to [N, 24, h, w].</summary>
    public static Tensor ExtractBatch(IReadOnlyList<(Mat ImageBgr, PersonPose Pose)> items, int boxFactor)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("no images to crop", nameof(items));
        }

        using var scope = NewDisposeScope();
        Tensor[] crops = items.Select(item => Extract(item.ImageBgr, item.Pose, boxFactor)).ToArray();
        if (crops.Any(c => !c.shape.SequenceEqual(crops[0].shape)))
        {
            throw new ArgumentException("images in one batch must have the same size");
        }

        return stack(crops).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The 8 crops of a [24, h, w] tensor as one readable BGR image: <paramref name="columns"/> tiles per row
    /// in <see cref="BodyPart"/> order, separated by <paramref name="gap"/> white pixels.
    /// </summary>
    public static Mat ToGrid(Tensor crops, int columns = 4, int gap = 1)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.dim() != 3 || crops.shape[0] != Channels)
        {
            throw new ArgumentException($"expected crops [24, h, w], got [{string.Join(", ", crops.shape)}]", nameof(crops));
        }

        if (columns < 1 || gap < 0)
        {
            throw new ArgumentException("columns must be positive and gap non-negative");
        }

        int h = (int)crops.shape[1];
        int w = (int)crops.shape[2];
        int rows = (PartCount + columns - 1) / columns;
        var grid = new Mat(rows * h + (rows - 1) * gap, columns * w + (columns - 1) * gap, MatType.CV_8UC3, Scalar.All(255));
        for (int p = 0; p < PartCount; p++)
        {
            using Tensor part = crops.narrow(0, 3 * p, 3);
            using Mat tile = ImageTensors.ToBgr(part);
            var roi = new Rect((p % columns) * (w + gap), (p / columns) * (h + gap), w, h);
            using var target = new Mat(grid, roi);
            tile.CopyTo(target);
        }

        return grid;
    }

    private static Point2f[]? TorsoQuad(PersonPose pose)
    {
        Coco18[] corners = [Coco18.LShoulder, Coco18.LHip, Coco18.RHip, Coco18.RShoulder];
        return corners.All(j => pose[j].IsPresent) ? corners.Select(j => At(pose[j])).ToArray() : null;
    }

    private static Point2f[]? HeadQuad(PersonPose pose)
    {
        Keypoint ls = pose[Coco18.LShoulder];
        Keypoint rs = pose[Coco18.RShoulder];
        if (!ls.IsPresent || !rs.IsPresent)
        {
            return null;
        }

        Point2f left = At(ls);
        Point2f right = At(rs);
        Keypoint nose = pose[Coco18.Nose];
        if (!nose.IsPresent)
        {
            // Fallback: a box above the shoulders, as tall as the shoulder width (normal flipped to point up).
            var segment = new Point2f(right.X - left.X, right.Y - left.Y);
            var normal = new Point2f(-segment.Y, segment.X);
            if (normal.Y > 0)
            {
                normal = new Point2f(-normal.X, -normal.Y);
            }

            return [Add(left, normal, 1f), left, right, Add(right, normal, 1f)];
        }

        var neck = new Point2f(0.5f * (left.X + right.X), 0.5f * (left.Y + right.Y));
        Point2f n = At(nose);
        var top = new Point2f(neck.X + 2f * (n.X - neck.X), neck.Y + 2f * (n.Y - neck.Y));
        // A square along top → neck: half the segment length on each side.
        var seg = new Point2f(neck.X - top.X, neck.Y - top.Y);
        var norm = new Point2f(-seg.Y, seg.X);
        Point2f a = Add(top, norm, 0.5f);
        Point2f b = Add(top, norm, -0.5f);
        Point2f c = Add(neck, norm, -0.5f);
        Point2f d = Add(neck, norm, 0.5f);
        return [b, c, d, a];
    }

    private static Point2f[]? SegmentQuad(PersonPose pose, Coco18 from, Coco18 to) =>
        pose[from].IsPresent && pose[to].IsPresent ? RectangleAlong(At(pose[from]), At(pose[to])) : null;

    private static Point2f[]? ThighQuad(PersonPose pose, Coco18 hip, Coco18 knee, int imageHeight)
    {
        if (!pose[hip].IsPresent)
        {
            return null;
        }

        Point2f start = At(pose[hip]);
        Point2f end = pose[knee].IsPresent ? At(pose[knee]) : new Point2f(start.X, imageHeight - 1);
        return RectangleAlong(start, end);
    }

    // Rectangle along p0 → p1 whose width is half the segment length (aspect ratio 0.5).
    private static Point2f[] RectangleAlong(Point2f p0, Point2f p1)
    {
        var segment = new Point2f(p1.X - p0.X, p1.Y - p0.Y);
        var normal = new Point2f(-segment.Y, segment.X);
        const float Alpha = 0.25f;
        return [Add(p0, normal, Alpha), Add(p0, normal, -Alpha), Add(p1, normal, -Alpha), Add(p1, normal, Alpha)];
    }

    private static Point2f At(Keypoint k) => new(k.X, k.Y);

    private static Point2f Add(Point2f p, Point2f direction, float scale) => new(p.X + scale * direction.X, p.Y + scale * direction.Y);

    private static double SmallestCornerTriangle(Point2f[] quad)
    {
        double smallest = double.MaxValue;
        for (int skip = 0; skip < 4; skip++)
        {
            Point2f[] t = quad.Where((_, i) => i != skip).ToArray();
            double area = 0.5 * Math.Abs(((double)t[1].X - t[0].X) * ((double)t[2].Y - t[0].Y) - ((double)t[2].X - t[0].X) * ((double)t[1].Y - t[0].Y));
            smallest = Math.Min(smallest, area);
        }

        return smallest;
    }
}
