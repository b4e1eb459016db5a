using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Personalization;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Tests.Data;

namespace VUnetStream.Render.Tests.Personalization;

public sealed class PhotoAugmentationTests
{
    private const int Size = 64;

    [Fact]
    public void Flip_MirrorsEveryJoint_AndSwapsLeftAndRight()
    {
        PersonPose pose = TinyPeople.RandomPose(new Random(3), Size).With(Coco18.LEar, Keypoint.Missing);
        var flip = new PhotoAugmentation(true, 1, 0, 0, 0);
        PersonPose flipped = flip.Apply(pose, Size);

        // The person's right wrist was on the image's left; after the flip the arm on that side of the image is gone
        // and the joint on the mirrored place is the LEFT wrist (a mirrored person facing the camera).
        Assert.True(pose[Coco18.RWrist].X < Size / 2f);
        Assert.Equal(Size - 1 - pose[Coco18.RWrist].X, flipped[Coco18.LWrist].X, 3);
        Assert.Equal(pose[Coco18.RWrist].Y, flipped[Coco18.LWrist].Y, 3);
        Assert.Equal(Size - 1 - pose[Coco18.LAnkle].X, flipped[Coco18.RAnkle].X, 3);
        Assert.Equal(Size - 1 - pose[Coco18.Nose].X, flipped[Coco18.Nose].X, 3);
        Assert.Equal(Size - 1 - pose[Coco18.Neck].X, flipped[Coco18.Neck].X, 3);
        // A missing left ear becomes a missing right ear; the left ear is the right one mirrored.
        Assert.False(flipped[Coco18.REar].IsPresent);
        Assert.Equal(Size - 1 - pose[Coco18.REar].X, flipped[Coco18.LEar].X, 3);
        // Still left on the image's right, as in every unflipped pose.
        Assert.True(flipped[Coco18.LShoulder].X > flipped[Coco18.RShoulder].X);
        // Twice is the identity.
        PersonPose back = flip.Apply(flipped, Size);
        for (int j = 0; j < Coco18Skeleton.JointCount; j++)
        {
            Assert.Equal(pose[j].IsPresent, back[j].IsPresent);
            if (pose[j].IsPresent)
            {
                Assert.Equal(pose[j].X, back[j].X, 3);
                Assert.Equal(pose[j].Y, back[j].Y, 3);
            }
        }
    }

    [Fact]
    public void Flip_StickmanOfTheFlippedPose_IsTheMirroredStickmanWithItsSideChannelsSwapped()
    {
        PersonPose pose = TinyPeople.RandomPose(new Random(8), Size);
        using Mat original = Stickman.Draw(pose, Size, Size);
        using Mat flipped = Stickman.Draw(new PhotoAugmentation(true, 1, 0, 0, 0).Apply(pose, Size), Size, Size);
        using var mirrored = new Mat();
        Cv2.Flip(original, mirrored, FlipMode.Y);
        Mat[] m = Cv2.Split(mirrored);
        Mat[] f = Cv2.Split(flipped);
        try
        {
            // Channel 0 holds the person's right limbs, 1 the left: the flipped pose's right side is the mirrored left.
            // Within a pixel: the stickman truncates coordinates to pixels, so a line at x lands on floor(x) and its
            // mirror image on side − 1 − floor(x), one pixel from floor(side − 1 − x).
            Assert.True(Covered(f[0], m[1]) > 0.97, $"right limbs of the flipped pose vs mirrored left limbs: {Covered(f[0], m[1]):F2} within 1 px");
            Assert.True(Covered(f[1], m[0]) > 0.97, $"left limbs of the flipped pose vs mirrored right limbs: {Covered(f[1], m[0]):F2} within 1 px");
            Assert.True(Covered(f[2], m[2]) > 0.97, $"torso: {Covered(f[2], m[2]):F2} within 1 px");
            Assert.True(Covered(f[0], m[0]) < 0.7, $"the sides must swap, not stay: {Covered(f[0], m[0]):F2} of the right limbs lie on the mirrored right limbs");
        }
        finally
        {
            foreach (Mat c in m.Concat(f))
            {
                c.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(false, 1.0, 0.0, 0.0, 0.0)]
    [InlineData(true, 1.0, 0.0, 0.0, 0.0)]
    [InlineData(false, 1.08, 6.0, 0.05, -0.04)]
    [InlineData(true, 0.92, -6.0, -0.05, 0.05)]
    public void Change_MovesImageMaskAndKeypointsAlike(bool flip, double scale, double degrees, double dx, double dy)
    {
        var change = new PhotoAugmentation(flip, scale, degrees, dx, dy);
        PersonPose pose = TinyPeople.RandomPose(new Random(11), Size);
        PersonPose moved = change.Apply(pose, Size);
        foreach (Coco18 joint in new[] { Coco18.RWrist, Coco18.LAnkle, Coco18.Nose, Coco18.RKnee })
        {
            // A dot drawn at the joint, in the image and in the mask, must land where the moved joint is.
            using var image = new Mat(Size, Size, MatType.CV_8UC3, Scalar.All(0));
            using var mask = new Mat(Size, Size, MatType.CV_8UC1, Scalar.All(0));
            var centre = new Point2f(pose[joint].X, pose[joint].Y);
            DrawDot(image, centre, Scalar.All(255));
            DrawDot(mask, centre, Scalar.All(255));
            using Mat movedImage = change.ApplyToImage(image);
            using Mat movedMask = change.ApplyToMask(mask);
            using var grey = new Mat();
            Cv2.CvtColor(movedImage, grey, ColorConversionCodes.BGR2GRAY);
            Keypoint expected = moved[flip ? Coco18Skeleton.Mirror(joint) : joint];
            Assert.True(expected.IsPresent);
            (double ix, double iy) = Centroid(grey);
            (double mx, double my) = Centroid(movedMask);
            Assert.True(Math.Abs(ix - expected.X) < 0.35 && Math.Abs(iy - expected.Y) < 0.35,
                $"{joint}: the image's dot is at ({ix:F2}, {iy:F2}), the moved joint at ({expected.X:F2}, {expected.Y:F2})");
            Assert.True(Math.Abs(mx - expected.X) < 0.35 && Math.Abs(my - expected.Y) < 0.35,
                $"{joint}: the mask's dot is at ({mx:F2}, {my:F2}), the moved joint at ({expected.X:F2}, {expected.Y:F2})");
        }
    }

    [Fact]
    public void Change_JointMovedOutOfTheSquare_IsMissing()
    {
        var pose = new PersonPose([.. Enumerable.Repeat(Keypoint.At(60, 30), Coco18Skeleton.JointCount)]);
        PersonPose moved = new PhotoAugmentation(false, 1, 0, 0.1, 0).Apply(pose, Size);
        Assert.Equal(0, moved.PresentCount);
    }

    [Fact]
    public void Random_StaysWithinItsRanges_AndFlipsAboutHalfTheTime()
    {
        var random = new Random(1);
        var ranges = new AugmentationRanges();
        PhotoAugmentation[] changes = [.. Enumerable.Range(0, 400).Select(_ => PhotoAugmentation.Random(random, ranges))];
        Assert.All(changes, c =>
        {
            Assert.InRange(c.Scale, 1 - ranges.Scale, 1 + ranges.Scale);
            Assert.InRange(c.RotationDegrees, -ranges.RotationDegrees, ranges.RotationDegrees);
            Assert.InRange(c.ShiftX, -ranges.Shift, ranges.Shift);
            Assert.InRange(c.ShiftY, -ranges.Shift, ranges.Shift);
        });
        Assert.InRange(changes.Count(c => c.Flip), 160, 240);
        Assert.DoesNotContain(changes.Select(c => PhotoAugmentation.Random(new Random(2), ranges with { Flip = false })), c => c.Flip);
    }

    private static void DrawDot(Mat image, Point2f centre, Scalar colour)
    {
        // Sub-pixel centre (4 fractional bits), anti-aliased, so its centroid is the point itself.
        const int shift = 4;
        var at = new Point((int)Math.Round(centre.X * (1 << shift)), (int)Math.Round(centre.Y * (1 << shift)));
        Cv2.Circle(image, at, 3 << shift, colour, -1, LineTypes.AntiAlias, shift);
    }

    private static (double X, double Y) Centroid(Mat grey)
    {
        Moments m = Cv2.Moments(grey);
        return (m.M10 / m.M00, m.M01 / m.M00);
    }

    // The share of a's drawn pixels that lie within one pixel of b's.
    private static double Covered(Mat a, Mat b)
    {
        using var near = new Mat();
        using (Mat kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3)))
        {
            Cv2.Dilate(b, near, kernel);
        }

        using var both = new Mat();
        Cv2.BitwiseAnd(a, near, both);
        return (double)Cv2.CountNonZero(both) / Math.Max(1, Cv2.CountNonZero(a));
    }
}
