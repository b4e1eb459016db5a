using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Experiments;

/// <summary>An RGB colour with channels in 0–255 (a mean, so not whole numbers).</summary>
internal readonly record struct MeanRgb(double R, double G, double B)
{
    /// <summary>Mean over the three channels of |Δ|, 0–255.</summary>
    public double DistanceTo(MeanRgb other) => (Math.Abs(R - other.R) + Math.Abs(G - other.G) + Math.Abs(B - other.B)) / 3.0;
}

/// <summary>
/// The mean colour of each <see cref="BodyPart"/> of a person: what a model that ignores its appearance
/// code cannot get right, since it paints every person in the same colours. Parts whose joints are
/// missing (or whose region holds no pixel) are absent.
/// </summary>
internal sealed class PartColours
{
    private readonly MeanRgb?[] _parts;

    private PartColours(MeanRgb?[] parts) => _parts = parts;

    public MeanRgb? this[BodyPart part] => _parts[(int)part];

    public int PresentCount => _parts.Count(p => p is not null);

    /// <summary>Hand-made colours (one per <see cref="BodyPart"/>, in enum order; null = absent).</summary>
    public static PartColours FromColours(IReadOnlyList<MeanRgb?> colours)
    {
        ArgumentNullException.ThrowIfNull(colours);
        if (colours.Count != BodyParts.All.Count)
        {
            throw new ArgumentException($"expected {BodyParts.All.Count} part colours, got {colours.Count}", nameof(colours));
        }

        return new PartColours([.. colours]);
    }

    /// <summary>
    /// The mean colour inside each part of <paramref name="imageBgr"/> (8-bit BGR), the parts located
    /// from <paramref name="pose"/> (coordinates of that image); with <paramref name="personMask"/>
    /// (8-bit, ≥ 128 = person), each part region is intersected with it first.
    /// </summary>
    public static PartColours Measure(Mat imageBgr, PersonPose pose, Mat? personMask = null)
    {
        ArgumentNullException.ThrowIfNull(imageBgr);
        ArgumentNullException.ThrowIfNull(pose);
        if (imageBgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"part colours need an 8-bit BGR image, got {imageBgr.Type()}", nameof(imageBgr));
        }

        using Mat? person = personMask is null ? null : PersonRegion.Binarize(personMask, imageBgr.Size());
        var parts = new MeanRgb?[BodyParts.All.Count];
        foreach (BodyPart part in BodyParts.All)
        {
            using Mat? region = BodyParts.Region(pose, part, imageBgr.Cols, imageBgr.Rows);
            if (region is null)
            {
                continue;
            }

            if (person is not null)
            {
                Cv2.BitwiseAnd(region, person, region);
            }

            if (Cv2.CountNonZero(region) == 0)
            {
                continue;
            }

            Scalar bgr = Cv2.Mean(imageBgr, region);
            parts[(int)part] = new MeanRgb(bgr[2], bgr[1], bgr[0]);
        }

        return new PartColours(parts);
    }

    /// <summary>
    /// Mean over the parts present in both of the per-part colour distance (mean |ΔRGB|, 0–255);
    /// NaN when they have no part in common.
    /// </summary>
    public static double Distance(PartColours a, PartColours b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < a._parts.Length; i++)
        {
            if (a._parts[i] is MeanRgb x && b._parts[i] is MeanRgb y)
            {
                sum += x.DistanceTo(y);
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>
    /// Part colour error of <paramref name="output"/> against <paramref name="truth"/>, both located with
    /// the truth's pose (and its person mask, if given): 0 = every part has the right mean colour.
    /// </summary>
    public static double Error(Mat output, Mat truth, PersonPose truthPose, Mat? truthMask = null) =>
        Distance(Measure(output, truthPose, truthMask), Measure(truth, truthPose, truthMask));
}
