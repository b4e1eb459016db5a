using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class PartColoursTests
{
    [Fact]
    public void Measure_DrawnFigure_ReturnsEachPartsDrawnColour()
    {
        PersonPose pose = DrawnFigure.Pose();
        using Mat image = DrawnFigure.Draw(pose, DrawnFigure.ColourOf);
        PartColours colours = PartColours.Measure(image, pose);
        Assert.Equal(BodyParts.All.Count, colours.PresentCount);
        foreach (BodyPart part in BodyParts.All)
        {
            Scalar bgr = DrawnFigure.ColourOf(part);
            MeanRgb measured = colours[part]!.Value;
            Assert.True(measured.DistanceTo(new MeanRgb(bgr[2], bgr[1], bgr[0])) < 1e-9, $"{part}: measured {measured}, drawn RGB {bgr[2]}, {bgr[1]}, {bgr[0]}");
        }
    }

    [Fact]
    public void Measure_MissingWrist_LeavesOnlyThatForearmOut()
    {
        PersonPose pose = DrawnFigure.Pose().With(Coco18.LWrist, Keypoint.Missing);
        using Mat image = DrawnFigure.Draw(pose, DrawnFigure.ColourOf);
        PartColours colours = PartColours.Measure(image, pose);
        Assert.Null(colours[BodyPart.LeftForearm]);
        Assert.NotNull(colours[BodyPart.RightForearm]);
        Assert.Equal(BodyParts.All.Count - 1, colours.PresentCount);
    }

    [Fact]
    public void Measure_WithPersonMask_DropsPartsOutsideIt()
    {
        // The mask keeps the image's right half: the person's left side (the figure faces the viewer).
        PersonPose pose = DrawnFigure.Pose();
        using Mat image = DrawnFigure.Draw(pose, DrawnFigure.ColourOf);
        using var mask = new Mat(DrawnFigure.Size, DrawnFigure.Size, MatType.CV_8UC1, Scalar.All(0));
        using (var right = new Mat(mask, new Rect(DrawnFigure.Size / 2, 0, DrawnFigure.Size / 2, DrawnFigure.Size)))
        {
            right.SetTo(Scalar.All(200));
        }

        PartColours colours = PartColours.Measure(image, pose, mask);
        Assert.NotNull(colours[BodyPart.LeftUpperArm]);
        Assert.NotNull(colours[BodyPart.LeftShin]);
        Assert.Null(colours[BodyPart.RightUpperArm]);
        Assert.Null(colours[BodyPart.RightShin]);
        Assert.NotNull(colours[BodyPart.Torso]);
    }

    [Fact]
    public void Error_IdenticalImages_IsZero()
    {
        PersonPose pose = DrawnFigure.Pose();
        using Mat image = DrawnFigure.Draw(pose, DrawnFigure.ColourOf);
        using Mat copy = image.Clone();
        Assert.Equal(0.0, PartColours.Error(copy, image, pose));
    }

    [Fact]
    public void Error_TorsoColourShifted_IsTheShiftAveragedOverChannelsAndParts()
    {
        PersonPose pose = DrawnFigure.Pose();
        var shift = new Scalar(30, -20, 10);
        using Mat truth = DrawnFigure.Draw(pose, DrawnFigure.ColourOf);
        using Mat output = DrawnFigure.Draw(pose, p => p == BodyPart.Torso ? Shifted(DrawnFigure.ColourOf(p), shift) : DrawnFigure.ColourOf(p));
        double expected = (Math.Abs(shift[0]) + Math.Abs(shift[1]) + Math.Abs(shift[2])) / 3 / BodyParts.All.Count;
        Assert.Equal(expected, PartColours.Error(output, truth, pose), 9);
    }

    [Fact]
    public void Distance_NoPartInCommon_IsNaN()
    {
        MeanRgb?[] onlyTorso = new MeanRgb?[BodyParts.All.Count];
        onlyTorso[(int)BodyPart.Torso] = new MeanRgb(1, 2, 3);
        MeanRgb?[] onlyShin = new MeanRgb?[BodyParts.All.Count];
        onlyShin[(int)BodyPart.LeftShin] = new MeanRgb(1, 2, 3);
        Assert.True(double.IsNaN(PartColours.Distance(PartColours.FromColours(onlyTorso), PartColours.FromColours(onlyShin))));
    }

    private static Scalar Shifted(Scalar colour, Scalar shift) => new(colour.Val0 + shift.Val0, colour.Val1 + shift.Val1, colour.Val2 + shift.Val2);
}
