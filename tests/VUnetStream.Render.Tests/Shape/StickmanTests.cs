using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Shape;

public sealed class StickmanTests
{
    private const int Right = 0;
    private const int Left = 1;
    private const int Torso = 2;

    [Theory]
    [InlineData(256, 6)]
    [InlineData(128, 3)]
    [InlineData(64, 1)]
    [InlineData(32, 1)]
    public void Thickness_FollowsFloorOfThreeWOver128_AtLeastOne(int width, int expected) =>
        Assert.Equal(expected, Stickman.Thickness(width));

    [Fact]
    public void Draw_StandingPose_PutsLimbsTorsoNeckAndEyesInTheirChannels()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128(), 128, 128);

        Assert.Equal(MatType.CV_8UC3, m.Type());
        // Right shin (rknee (52,100) – rankle (50,122)) in channel 0 only.
        Assert.Equal((255, 0, 0), At(m, 51, 111));
        // Left shin (lknee (76,100) – lankle (78,122)) in channel 1 only.
        Assert.Equal((0, 255, 0), At(m, 77, 111));
        // Right forearm (relbow (40,56) – rwrist (36,76)), left upper arm (lshoulder (80,36) – lelbow (88,56)).
        Assert.Equal((255, 0, 0), At(m, 38, 66));
        Assert.Equal((0, 255, 0), At(m, 84, 46));
        // Torso centre: channel 2 only.
        Assert.Equal((0, 0, 255), At(m, 64, 56));
        // Neck (shoulder midpoint (64,36)) → nose (64,20) at 127 in channels 0 and 1, outside the torso.
        Assert.Equal((127, 127, 0), At(m, 64, 28));
        // Nose → right eye (60,17) in channel 0, nose → left eye (68,17) in channel 1.
        Assert.Equal(255, At(m, 62, 18).Item1);
        Assert.Equal(255, At(m, 66, 18).Item2);
        // Background.
        Assert.Equal((0, 0, 0), At(m, 5, 5));
        Assert.Equal((0, 0, 0), At(m, 120, 60));
    }

    [Fact]
    public void Draw_Always_UsesOnlyTheThreeLevelsWithoutAntiAliasing()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128(), 128, 128);
        Mat[] channels = Cv2.Split(m);
        try
        {
            foreach (Mat channel in channels)
            {
                using var other = new Mat();
                using var zero = new Mat();
                using var mid = new Mat();
                using var full = new Mat();
                Cv2.Compare(channel, 0, zero, CmpTypes.EQ);
                Cv2.Compare(channel, 127, mid, CmpTypes.EQ);
                Cv2.Compare(channel, 255, full, CmpTypes.EQ);
                Cv2.BitwiseOr(zero, mid, other);
                Cv2.BitwiseOr(other, full, other);
                Assert.Equal(128 * 128, Cv2.CountNonZero(other));
            }
        }
        finally
        {
            foreach (Mat c in channels)
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public void Stickman_WithMissingElbow_DrawsNoRightArm()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128().Without(Coco18.RElbow), 128, 128);

        // The right arm's region (left of the rhip–rshoulder line) is empty in channel 0.
        using var armRegion = new Mat(m, new Rect(30, 40, 15, 40));
        Mat[] channels = Cv2.Split(armRegion);
        Assert.Equal(0, Cv2.CountNonZero(channels[Right]));
        // The right leg is still there.
        Assert.Equal(255, At(m, 51, 111).Item1);
        foreach (Mat c in channels)
        {
            c.Dispose();
        }
    }

    [Fact]
    public void Stickman_WithMissingHip_DrawsNoTorsoButKeepsOtherHip()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128().Without(Coco18.LHip), 128, 128);
        Mat[] channels = Cv2.Split(m);
        Assert.Equal(0, Cv2.CountNonZero(channels[Torso]));
        // lknee–lhip and lhip–lshoulder vanish, the left shin stays.
        Assert.Equal(0, At(m, 75, 88).Item2);
        Assert.Equal(255, At(m, 77, 111).Item2);
        Assert.Equal(255, At(m, 53, 88).Item1);
        foreach (Mat c in channels)
        {
            c.Dispose();
        }
    }

    [Fact]
    public void Stickman_WithOneEyeMissing_DrawsNeitherEyeLine()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128().Without(Coco18.LEye), 128, 128);
        Assert.Equal(0, At(m, 62, 18).Item1);
        Assert.Equal(0, At(m, 66, 18).Item2);
        // The neck line does not need the eyes.
        Assert.Equal((127, 127, 0), At(m, 64, 28));
    }

    [Fact]
    public void Stickman_WithOneShoulderMissing_DrawsNoNeckLine()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128().Without(Coco18.LShoulder), 128, 128);
        Assert.Equal((0, 0, 0), At(m, 64, 28));
    }

    [Fact]
    public void Stickman_EmptyPose_IsAllZero()
    {
        using Mat m = Stickman.Draw(PersonPose.Empty(), 64, 64);
        Assert.Equal(0, Cv2.CountNonZero(m.Reshape(1)));
    }

    [Fact]
    public void Draw_HorizontalSegmentAt256_IsSixOrSevenPixelsThick()
    {
        PersonPose pose = TestPoses.Only((Coco18.RShoulder, 50, 100), (Coco18.RElbow, 150, 100));
        using Mat m = Stickman.Draw(pose, 256, 256);
        Mat[] channels = Cv2.Split(m);
        using Mat column = channels[Right].Col(100);
        int run = Cv2.CountNonZero(column);
        Assert.InRange(run, 6, 7);
        Assert.Equal(255, channels[Right].At<byte>(100, 100));
        foreach (Mat c in channels)
        {
            c.Dispose();
        }
    }

    [Fact]
    public void ToTensor_KeepsSpecChannelOrderAndScalesToMinusOneOne()
    {
        using var scope = NewDisposeScope();
        Tensor t = Stickman.ToTensor(TestPoses.Standing128(), 128, 128);

        Assert.Equal(new long[] { 3, 128, 128 }, t.shape);
        Assert.Equal(1f, t[Right, 111, 51].item<float>());
        Assert.Equal(-1f, t[Left, 111, 51].item<float>());
        Assert.Equal(1f, t[Torso, 56, 64].item<float>());
        Assert.Equal(127 / 127.5f - 1f, t[Right, 28, 64].item<float>(), 5);
        Assert.Equal(-1f, t[Right, 5, 5].item<float>());
    }

    [Fact]
    public void ToTensorBatch_StacksPoses()
    {
        using Tensor t = Stickman.ToTensorBatch([TestPoses.Standing128(), PersonPose.Empty()], 128, 128);
        Assert.Equal(new long[] { 2, 3, 128, 128 }, t.shape);
        Assert.Equal(-1f, t[1].max().item<float>());
    }

    [Fact]
    public void ToDisplayBgr_ShowsRightLimbsRed()
    {
        using Mat m = Stickman.Draw(TestPoses.Standing128(), 128, 128);
        using Mat display = Stickman.ToDisplayBgr(m);
        Vec3b pixel = display.At<Vec3b>(111, 51);
        Assert.Equal(new Vec3b(0, 0, 255), pixel);
    }

    private static (int, int, int) At(Mat m, int x, int y)
    {
        Vec3b v = m.At<Vec3b>(y, x);
        return (v.Item0, v.Item1, v.Item2);
    }
}
