using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pipeline.Backgrounds;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Render.Model;

namespace VUnetStream.Pipeline.Tests;

/// <summary>Synthetic scenes for the background tests: a known background, a drawn "person", its exact mask.</summary>
internal static class Scenes
{
    /// <summary>A smooth gradient (what inpainting can recover from the hole's rim).</summary>
    public static Mat Gradient(int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image.Set(y, x, new Vec3b((byte)(40 + 120 * x / width), (byte)(60 + 100 * y / height), 120));
            }
        }

        return image;
    }

    /// <summary>Fixed-seed texture: a shift of a few pixels changes most pixels a lot.</summary>
    public static Mat Texture(int width, int height, int seed)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        Cv2.SetTheRNG((ulong)seed);
        Cv2.Randu(image, Scalar.All(30), Scalar.All(220));
        Cv2.GaussianBlur(image, image, new Size(3, 3), 0);
        return image;
    }

    /// <summary>A dark red "person" (an upright ellipse) drawn onto a copy of <paramref name="background"/>, and its mask.</summary>
    public static (Mat Frame, Mat Mask) WithPerson(Mat background, Point centre, Size axes)
    {
        Mat frame = background.Clone();
        var mask = new Mat(background.Size(), MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(frame, centre, axes, 0, 0, 360, new Scalar(20, 20, 200), -1, LineTypes.Link8);
        Cv2.Ellipse(mask, centre, axes, 0, 0, 360, Scalar.All(255), -1, LineTypes.Link8);
        return (frame, mask);
    }

    public static double MeanDifference(Mat a, Mat b, Mat? where = null)
    {
        using var diff = new Mat();
        Cv2.Absdiff(a, b, diff);
        Scalar mean = where is null ? Cv2.Mean(diff) : Cv2.Mean(diff, where);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }
}

public sealed class PersonRemovalTests
{
    [Fact]
    public void Remove_ADrawnPerson_FillsTheHoleWithSomethingCloseToTheBackground()
    {
        using Mat background = Scenes.Gradient(160, 120);
        (Mat frame, Mat mask) = Scenes.WithPerson(background, new Point(80, 60), new Size(14, 40));
        using (frame)
        using (mask)
        {
            Assert.True(Scenes.MeanDifference(frame, background, mask) > 60, "the drawn person should stand out");

            using Mat removed = PersonRemoval.Remove(frame, mask);

            double inside = Scenes.MeanDifference(removed, background, mask);
            Assert.True(inside < 8, $"inside the mask the inpainted image is {inside:0.0} levels from the background");
            using var outside = new Mat();
            using (Mat grown = PersonRemoval.Dilated(mask, mask.Size(), PersonRemoval.DilationFor(120)))
            {
                Cv2.BitwiseNot(grown, outside);
            }

            Assert.Equal(0, Scenes.MeanDifference(removed, frame, outside), 6);
        }
    }

    [Fact]
    public void Remove_WithAnEmptyMask_ReturnsTheImageUnchanged()
    {
        using Mat image = Scenes.Texture(40, 30, 1);
        using var mask = new Mat(30, 40, MatType.CV_8UC1, Scalar.All(0));
        using Mat removed = PersonRemoval.Remove(image, mask);
        Assert.Equal(0, Scenes.MeanDifference(image, removed));
    }

    [Fact]
    public void Remove_WithAMaskOfAnotherSize_FailsNamingBothSizes()
    {
        using Mat image = Scenes.Texture(40, 30, 1);
        using var mask = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(0));
        var error = Assert.Throws<ArgumentException>(() => PersonRemoval.Remove(image, mask));
        Assert.Contains("20x20", error.Message, StringComparison.Ordinal);
        Assert.Contains("40x30", error.Message, StringComparison.Ordinal);
    }
}

public sealed class CleanPlateTests
{
    /// <summary>A figure walking left to right across a textured wall, filmed by a still (or panning) camera.</summary>
    internal static (List<Mat> Frames, List<Mat> Masks) Walk(Mat wall, int frames, int panPerFrame = 0)
    {
        var list = new List<Mat>();
        var masks = new List<Mat>();
        for (int i = 0; i < frames; i++)
        {
            using var view = new Mat();
            using (var shift = new Mat(2, 3, MatType.CV_64FC1))
            {
                shift.Set(0, 0, 1.0);
                shift.Set(0, 1, 0.0);
                shift.Set(0, 2, (double)(-panPerFrame * i));
                shift.Set(1, 0, 0.0);
                shift.Set(1, 1, 1.0);
                shift.Set(1, 2, 0.0);
                Cv2.WarpAffine(wall, view, shift, wall.Size(), InterpolationFlags.Nearest, BorderTypes.Reflect101);
            }

            int x = 10 + (wall.Width - 20) * i / (frames - 1);
            (Mat frame, Mat mask) = Scenes.WithPerson(view, new Point(x, wall.Height / 2), new Size(6, 18));
            list.Add(frame);
            masks.Add(mask);
        }

        return (list, masks);
    }

    [Fact]
    public void Build_FromAFigureMovingAcrossAKnownBackground_RecoversTheBackground_FarBetterThanTheMean()
    {
        using Mat wall = Scenes.Texture(80, 60, 7);
        (List<Mat> frames, List<Mat> masks) = Walk(wall, 12);
        try
        {
            using CleanPlate plate = CleanPlate.Build(frames, masks, dilatePixels: 2);

            using var sum = new Mat(wall.Size(), MatType.CV_32FC3, Scalar.All(0));
            frames.ForEach(f => Cv2.Accumulate(f, sum, null!));
            using var mean = new Mat();
            sum.ConvertTo(mean, MatType.CV_8UC3, 1.0 / frames.Count);
            double plateError = Scenes.MeanDifference(plate.Image, wall);
            double meanError = Scenes.MeanDifference(mean, wall);
            Assert.True(plateError < 1.0, $"the plate is {plateError:0.00} levels from the background");
            Assert.True(plateError < 0.2 * meanError, $"plate error {plateError:0.00} vs the mean's {meanError:0.00}");
            Assert.Equal(0, plate.HoleFraction);
        }
        finally
        {
            frames.Concat(masks).ToList().ForEach(m => m.Dispose());
        }
    }

    [Fact]
    public void Build_WhereEveryFrameShowsThePerson_InpaintsThatPartAndReportsItsShare()
    {
        using Mat wall = Scenes.Gradient(80, 60);
        (Mat frame, Mat mask) = Scenes.WithPerson(wall, new Point(40, 30), new Size(6, 18));
        using (frame)
        using (mask)
        {
            using CleanPlate plate = CleanPlate.Build([frame, frame, frame], [mask, mask, mask], dilatePixels: 1);

            double grown = Cv2.CountNonZero(plate.Holes);
            Assert.Equal(grown / (80 * 60), plate.HoleFraction, 6);
            Assert.True(grown >= Cv2.CountNonZero(mask), "the holes cover the person");
            double inside = Scenes.MeanDifference(plate.Image, wall, mask);
            Assert.True(inside < 8, $"the always-covered part is {inside:0.0} levels from the background");
        }
    }

    [Fact]
    public void Build_WithMismatchedInputs_FailsNamingTheProblem()
    {
        using Mat a = Scenes.Texture(20, 10, 1);
        using Mat b = Scenes.Texture(30, 10, 1);
        using var mask = new Mat(10, 20, MatType.CV_8UC1, Scalar.All(0));
        Assert.Contains("1 person masks", Assert.Throws<ArgumentException>(() => CleanPlate.Build([a, a], [mask], 1)).Message, StringComparison.Ordinal);
        Assert.Contains("frame 1 is 30x10", Assert.Throws<ArgumentException>(() => CleanPlate.Build([a, b], [mask, mask], 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CleanPlate.Build([], [], 1));
    }
}

public sealed class CameraMotionTests
{
    [Fact]
    public void Check_OnAStillCamera_DoesNotFire()
    {
        using Mat wall = Scenes.Texture(80, 60, 3);
        (List<Mat> frames, List<Mat> masks) = CleanPlateTests.Walk(wall, 10);
        try
        {
            using CleanPlate plate = CleanPlate.Build(frames, masks, 2);
            CameraMotion motion = CameraMotion.Check(frames, masks, plate.Image, 2);
            Assert.False(motion.Moved, $"median difference {motion.MedianDifference:0.0}");
            Assert.True(motion.MedianDifference < 1);
            Assert.Equal(frames.Count, motion.Differences.Count);
        }
        finally
        {
            frames.Concat(masks).ToList().ForEach(m => m.Dispose());
        }
    }

    [Fact]
    public void Check_OnAPanningCamera_Fires()
    {
        using Mat wall = Scenes.Texture(80, 60, 3);
        (List<Mat> frames, List<Mat> masks) = CleanPlateTests.Walk(wall, 10, panPerFrame: 3);
        try
        {
            using CleanPlate plate = CleanPlate.Build(frames, masks, 2);
            CameraMotion motion = CameraMotion.Check(frames, masks, plate.Image, 2);
            Assert.True(motion.Moved, $"median difference {motion.MedianDifference:0.0} is not above {motion.Threshold}");
        }
        finally
        {
            frames.Concat(masks).ToList().ForEach(m => m.Dispose());
        }
    }
}

public sealed class PlacedCompositeTests
{
    private static readonly Scalar Grey = Scalar.All(100);

    /// <summary>32² BGRA: an opaque red block at [8, 24)², fully transparent green around it.</summary>
    private static Mat Person()
    {
        var person = new Mat(32, 32, MatType.CV_8UC4, new Scalar(0, 255, 0, 0));
        person[new Rect(8, 8, 16, 16)].SetTo(new Scalar(0, 0, 255, 255));
        return person;
    }

    [Fact]
    public void Over_PlacesTheOpaquePartAtTheMappedPlaceAndScale_AndLeavesTheRestOfTheSceneAlone()
    {
        using var scene = new Mat(200, 300, MatType.CV_8UC3, Grey);
        using Mat person = Person();

        // Scale 4 from (50, 20): the block [8, 24)² lands on [82, 146) × [52, 116).
        PlacedComposite.Over(scene, person, new Similarity(4, 50, 20));

        Vec3b At(int x, int y) => scene.At<Vec3b>(y, x);
        Assert.Equal(new Vec3b(0, 0, 255), At(114, 84));
        // Scene pixels on the block's outer source pixels (bicubic takes neighbours only between samples).
        Assert.Equal(new Vec3b(0, 0, 255), At(82, 52));
        Assert.Equal(new Vec3b(0, 0, 255), At(142, 112));
        // Transparent pixels of the square show the scene, with no trace of their green colour.
        Assert.Equal(new Vec3b(100, 100, 100), At(60, 30));
        Assert.Equal(new Vec3b(100, 100, 100), At(78, 84));
        Assert.Equal(new Vec3b(100, 100, 100), At(150, 84));
        // Outside the placed square nothing changed.
        Assert.Equal(new Vec3b(100, 100, 100), At(250, 150));
        // The edge is resampled at output resolution: a ramp over a few pixels, not a 4-pixel step.
        Vec3b edge = At(81, 84);
        Assert.InRange(edge.Item2, 101, 254);
    }

    [Fact]
    public void Over_ASquarePartlyOutsideTheScene_IsClipped()
    {
        using var scene = new Mat(40, 40, MatType.CV_8UC3, Grey);
        using Mat person = Person();
        PlacedComposite.Over(scene, person, new Similarity(2, -20, 10));
        // The block [8, 24) maps to x ∈ [-4, 28): visible from the left edge.
        Assert.Equal(new Vec3b(0, 0, 255), scene.At<Vec3b>(30, 0));
        Assert.Equal(new Vec3b(100, 100, 100), scene.At<Vec3b>(30, 35));
    }

    [Fact]
    public void Over_WithoutAnAlphaChannel_FailsNamingIt()
    {
        using var scene = new Mat(40, 40, MatType.CV_8UC3, Grey);
        using var person = new Mat(8, 8, MatType.CV_8UC3, Grey);
        Assert.Contains("BGRA", Assert.Throws<ArgumentException>(() => PlacedComposite.Over(scene, person, Similarity.Identity)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PhotoBackdrop_PutsTheRenderedSquareBackWhereThePhotosPersonStood_AtThePhotosScale()
    {
        // A 300×200 photo with a person standing right of centre.
        const int ModelSize = 32;
        PersonPose inPhoto = ModelBenchmark.StandingPose(150, 0).Transform(1, 120, 30);
        using Mat photo = Scenes.Gradient(300, 200);
        using var mask = new Mat(200, 300, MatType.CV_8UC1, Scalar.All(0));
        using TargetPerson target = TargetPerson.Frame(photo, inPhoto, ModelSize, "photo.png");

        using PhotoBackdrop backdrop = PhotoBackdrop.Create(photo, mask, target.PhotoToSquare, outputHeight: 100);

        Assert.Equal(new Size(150, 100), backdrop.Size);
        // Every joint of the person in the square lands on the same joint in the photo, resized by ½.
        for (int j = 0; j < inPhoto.Joints.Count; j++)
        {
            Keypoint square = target.Pose.Joints[j], photoJoint = inPhoto.Joints[j];
            if (!photoJoint.IsPresent)
            {
                continue;
            }

            (float x, float y) = backdrop.SquareToScene.Apply(square.X, square.Y);
            Assert.Equal((photoJoint.X + 0.5) * 0.5 - 0.5, x, 2);
            Assert.Equal((photoJoint.Y + 0.5) * 0.5 - 0.5, y, 2);
        }

        // A rendered person that is an opaque blue disc on the neck: in the scene it sits on the photo's neck.
        using var rendered = new Mat(ModelSize, ModelSize, MatType.CV_8UC4, Scalar.All(0));
        Keypoint neck = target.Pose[Coco18.Neck];
        Cv2.Circle(rendered, new Point(neck.X, neck.Y), 3, new Scalar(255, 0, 0, 255), -1);
        using var panel = new Mat(backdrop.Size, MatType.CV_8UC3);
        using var frame = new Frames.RenderedFrame(TestFrames.Posed(), rendered.Clone());
        backdrop.Draw(panel, frame);
        Keypoint photoNeck = inPhoto[Coco18.Neck];
        Vec3b onNeck = panel.At<Vec3b>((int)Math.Round(photoNeck.Y * 0.5), (int)Math.Round(photoNeck.X * 0.5));
        Assert.True(onNeck.Item0 > 240 && onNeck.Item2 < 15, $"the scene at the photo's neck is {onNeck}, not the rendered blue");
        Assert.Equal(0, Scenes.MeanDifference(panel[new Rect(0, 0, 20, 100)], backdrop.Scene[new Rect(0, 0, 20, 100)]));
    }
}

public sealed class DancerPlacementTests
{
    [Fact]
    public void For_RecoversTheFramesShift_KeepsItWithoutAPerson_AndStartsFromTheReference()
    {
        var placement = new DancerPlacement();
        var reference = new Similarity(0.5f, 10, 4);
        PersonPose dancer = ModelBenchmark.StandingPose(200, 0);
        PersonPose model = dancer.Transform(0.5f, 10 + 7, 4); // the containment moved this frame 7 px sideways

        Assert.Equal(reference, placement.For(PersonPose.Empty(), PersonPose.Empty(), personFound: false, reference));
        Similarity found = placement.For(dancer, model, personFound: true, reference);
        Assert.Equal(0.5f, found.Scale);
        Assert.Equal(17, found.OffsetX, 3);
        Assert.Equal(4, found.OffsetY, 3);
        Assert.Equal(found, placement.For(PersonPose.Empty(), model, personFound: false, reference));
    }
}

internal static class TestFrames
{
    /// <summary>A posed frame with no person (what a backdrop that ignores poses needs).</summary>
    public static Frames.PosedFrame Posed() =>
        new(new Ingest.DecodedFrame(0, TimeSpan.Zero, new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0))), PersonPose.Empty(), PersonPose.Empty(),
            new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0)), personFound: false);
}
