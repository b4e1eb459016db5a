using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Shape;

public sealed class PartCropsTests
{
    private static readonly Scalar Red = new(0, 0, 255);
    private static readonly Scalar Green = new(0, 255, 0);
    private static readonly Scalar Blue = new(255, 0, 0);
    private static readonly Scalar Yellow = new(0, 255, 255);

    [Fact]
    public void Extract_Torso_MapsShouldersAndHipsToTheCropCorners()
    {
        PersonPose pose = TestPoses.Standing128();
        using var image = new Mat(128, 128, MatType.CV_8UC3, new Scalar(128, 128, 128));
        Mark(image, pose[Coco18.LShoulder], Red);
        Mark(image, pose[Coco18.LHip], Green);
        Mark(image, pose[Coco18.RHip], Blue);
        Mark(image, pose[Coco18.RShoulder], Yellow);

        using Tensor crops = PartCrops.Extract(image, pose, boxFactor: 2);

        Assert.Equal(new long[] { 24, 32, 32 }, crops.shape);
        using Tensor torso = crops.narrow(0, 0, 3);
        Assert.Equal((1f, -1f, -1f), Rgb(torso, 0, 0));    // lshoulder red at top-left
        Assert.Equal((-1f, 1f, -1f), Rgb(torso, 0, 31));   // lhip green at bottom-left
        Assert.Equal((-1f, -1f, 1f), Rgb(torso, 31, 31));  // rhip blue at bottom-right
        Assert.Equal((1f, 1f, -1f), Rgb(torso, 31, 0));    // rshoulder yellow at top-right
    }

    [Fact]
    public void Extract_UpperArm_PutsShoulderOnLeftEdgeAndElbowOnRightEdge()
    {
        PersonPose pose = TestPoses.Standing128();
        using var image = new Mat(128, 128, MatType.CV_8UC3, new Scalar(128, 128, 128));
        Mark(image, pose[Coco18.LShoulder], Red);
        Mark(image, pose[Coco18.LElbow], Blue);

        using Tensor crops = PartCrops.Extract(image, pose, boxFactor: 2);
        using Tensor arm = crops.narrow(0, 3 * (int)BodyPart.LeftUpperArm, 3);

        Assert.Equal((1f, -1f, -1f), Rgb(arm, 0, 16));
        Assert.Equal((-1f, -1f, 1f), Rgb(arm, 31, 16));
    }

    [Fact]
    public void Extract_WithMissingElbow_LeftArmPartsAreMidGreyZeros()
    {
        PersonPose pose = TestPoses.Standing128().Without(Coco18.LElbow);
        using var image = new Mat(128, 128, MatType.CV_8UC3, new Scalar(10, 200, 60));

        using Tensor crops = PartCrops.Extract(image, pose, boxFactor: 2);

        for (int p = 0; p < PartCrops.PartCount; p++)
        {
            using Tensor part = crops.narrow(0, 3 * p, 3);
            float maxAbs = part.abs().max().item<float>();
            bool missing = p is (int)BodyPart.LeftUpperArm or (int)BodyPart.LeftForearm;
            if (missing)
            {
                Assert.Equal(0f, maxAbs);
            }
            else
            {
                Assert.True(maxAbs > 0.5f, $"part {(BodyPart)p} should be present");
            }
        }
    }

    [Fact]
    public void Extract_UniformRedImage_GivesRgbOrderInMinusOneOne()
    {
        using var image = new Mat(128, 128, MatType.CV_8UC3, Red);
        using Tensor crops = PartCrops.Extract(image, TestPoses.Standing128(), boxFactor: 2);
        using Tensor torso = crops.narrow(0, 0, 3);
        Assert.Equal(1f, torso[0].min().item<float>(), 5);
        Assert.Equal(-1f, torso[1].max().item<float>(), 5);
        Assert.Equal(-1f, torso[2].max().item<float>(), 5);
    }

    [Fact]
    public void Extract_QuadOutsideImage_ReplicatesTheBorder()
    {
        // A forearm at the image's left edge: its rectangle reaches x < 0.
        PersonPose pose = TestPoses.Standing128()
            .With(Coco18.RElbow, Keypoint.At(10, 56))
            .With(Coco18.RWrist, Keypoint.At(2, 90));
        using var image = new Mat(128, 128, MatType.CV_8UC3, new Scalar(30, 90, 200));
        Assert.Contains(PartCrops.SourceQuad(pose, BodyPart.RightForearm, 128)!, p => p.X < 0);

        using Tensor crops = PartCrops.Extract(image, pose, boxFactor: 2);
        using Tensor forearm = crops.narrow(0, 3 * (int)BodyPart.RightForearm, 3);

        Assert.Equal(200 / 127.5f - 1f, forearm[0].min().item<float>(), 4);
        Assert.Equal(200 / 127.5f - 1f, forearm[0].max().item<float>(), 4);
        Assert.Equal(30 / 127.5f - 1f, forearm[2].max().item<float>(), 4);
    }

    [Fact]
    public void SourceQuad_ThighWithoutKnee_RunsFromHipToImageBottom()
    {
        PersonPose pose = TestPoses.Standing128().Without(Coco18.LKnee);

        Point2f[] quad = PartCrops.SourceQuad(pose, BodyPart.LeftThigh, imageHeight: 128)!;

        // Segment (74,76) → (74,127): length 51, half-width 12.75 along the normal (−51, 0)·0.25.
        AssertQuad(quad, (61.25f, 76f), (86.75f, 76f), (86.75f, 127f), (61.25f, 127f));
    }

    [Fact]
    public void SourceQuad_HeadWithNose_IsSquareFromNeckToTwiceNoseDistance()
    {
        PersonPose pose = TestPoses.Standing128().With(Coco18.Nose, Keypoint.At(64, 28));

        Point2f[] quad = PartCrops.SourceQuad(pose, BodyPart.Head, 128)!;

        // neck (64,36), top = neck + 2·(nose − neck) = (64,20); side 16.
        AssertQuad(quad, (72f, 20f), (72f, 36f), (56f, 36f), (56f, 20f));
    }

    [Fact]
    public void SourceQuad_HeadWithoutNose_IsShoulderWideBoxAboveShoulders()
    {
        PersonPose pose = TestPoses.Standing128().Without(Coco18.Nose);

        Point2f[] quad = PartCrops.SourceQuad(pose, BodyPart.Head, 128)!;

        // lshoulder (80,36), rshoulder (48,36): box of height 32 above them.
        AssertQuad(quad, (80f, 4f), (80f, 36f), (48f, 36f), (48f, 4f));
    }

    [Fact]
    public void SourceQuad_TwoJointPart_IsHalfAsWideAsLong()
    {
        PersonPose pose = TestPoses.Only((Coco18.RElbow, 40, 56), (Coco18.RWrist, 40, 96));

        Point2f[] quad = PartCrops.SourceQuad(pose, BodyPart.RightForearm, 128)!;

        // Segment (0,40) → normal (−40, 0), quarter on each side: 10 px.
        AssertQuad(quad, (30f, 56f), (50f, 56f), (50f, 96f), (30f, 96f));
    }

    [Fact]
    public void SourceQuad_MissingShouldersOrCoincidentJoints_IsNull()
    {
        PersonPose noShoulders = TestPoses.Standing128().Without(Coco18.LShoulder);
        Assert.Null(PartCrops.SourceQuad(noShoulders, BodyPart.Head, 128));
        Assert.Null(PartCrops.SourceQuad(noShoulders, BodyPart.Torso, 128));
        Assert.Null(PartCrops.SourceQuad(noShoulders, BodyPart.LeftUpperArm, 128));

        PersonPose collapsed = TestPoses.Only((Coco18.RElbow, 40, 56), (Coco18.RWrist, 40, 56));
        Assert.Null(PartCrops.SourceQuad(collapsed, BodyPart.RightForearm, 128));

        PersonPose noHip = TestPoses.Standing128().Without(Coco18.RHip);
        Assert.Null(PartCrops.SourceQuad(noHip, BodyPart.RightThigh, 128));
    }

    [Fact]
    public void ToGrid_TilesEightCropsInTwoRowsWithGaps()
    {
        using var image = new Mat(128, 128, MatType.CV_8UC3, new Scalar(10, 200, 60));
        using Tensor crops = PartCrops.Extract(image, TestPoses.Standing128().Without(Coco18.LElbow), boxFactor: 2);

        using Mat grid = PartCrops.ToGrid(crops);

        Assert.Equal(2 * 32 + 1, grid.Rows);
        Assert.Equal(4 * 32 + 3, grid.Cols);
        Assert.Equal(new Vec3b(10, 200, 60), grid.At<Vec3b>(5, 5));                  // torso tile
        Assert.Equal(new Vec3b(128, 128, 128), grid.At<Vec3b>(5, 2 * 33 + 5));       // left upper arm: missing → grey
        Assert.Equal(new Vec3b(255, 255, 255), grid.At<Vec3b>(5, 32));               // gap
    }

    [Fact]
    public void ExtractBatch_StacksToNx24()
    {
        using var image = new Mat(128, 128, MatType.CV_8UC3, new Scalar(10, 200, 60));
        using Tensor batch = PartCrops.ExtractBatch([(image, TestPoses.Standing128()), (image, PersonPose.Empty())], boxFactor: 1);
        Assert.Equal(new long[] { 2, 24, 64, 64 }, batch.shape);
        Assert.Equal(0f, batch[1].abs().max().item<float>());
    }

    private static void Mark(Mat image, Keypoint at, Scalar colour) =>
        Cv2.Rectangle(image, new Rect((int)at.X - 3, (int)at.Y - 3, 7, 7), colour, -1);

    private static (float, float, float) Rgb(Tensor crop, int x, int y) =>
        (Round(crop[0, y, x]), Round(crop[1, y, x]), Round(crop[2, y, x]));

    private static float Round(Tensor value) => MathF.Round(value.item<float>() * 100f) / 100f;

    private static void AssertQuad(Point2f[] quad, params (float X, float Y)[] expected)
    {
        Assert.Equal(4, quad.Length);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i].X, quad[i].X, 3);
            Assert.Equal(expected[i].Y, quad[i].Y, 3);
        }
    }
}
