using OpenCvSharp;
using VUnetStream.Application.PersonVideo;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Application.Tests;

/// <summary>The small rules of personalize --video and eval-video: the split, the pose balance, the frame test, the person box.</summary>
public sealed class PersonVideoPartsTests
{
    [Theory]
    [InlineData(100, 0.3, 70)]
    [InlineData(30, 0.3, 21)]
    [InlineData(10, 0.0, 10)]
    [InlineData(7, 0.5, 3)]
    public void TheSplit_HoldsOutTheLastFraction(int frames, double holdout, int start)
    {
        PersonVideoSplit split = PersonVideoSplit.Of(frames, holdout, needHoldout: false);

        Assert.Equal(start, split.HoldoutStart);
        Assert.Equal(frames - start, split.HoldoutFrames);
    }

    [Fact]
    public void ASplitThatLeavesNothingToLearnOrNothingToScore_IsAnErrorSayingWhich()
    {
        Assert.Contains("no frame to learn", Assert.Throws<InvalidDataException>(() => PersonVideoSplit.Of(3, 0.9, needHoldout: false)).Message, StringComparison.Ordinal);
        Assert.Contains("holds out no frame", Assert.Throws<InvalidDataException>(() => PersonVideoSplit.Of(3, 1e-12, needHoldout: true)).Message, StringComparison.Ordinal);
        Assert.Contains("above 0", Assert.Throws<ArgumentException>(() => PersonVideoSplit.Of(30, 0, needHoldout: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoseChange_SkipsAPoseThatOnlyMoved_AndKeepsOneThatChanged()
    {
        PersonPose standing = Standing(100, 50);
        var balance = new PoseChange(PoseChange.DefaultMinChange);
        balance.Keep(standing);

        Assert.True(balance.IsNearDuplicate(standing.Transform(1, 40, 5)), "the same pose elsewhere in the frame is no new pose");
        PersonPose armUp = standing.With(Coco18.RWrist, Keypoint.At(70, 20)).With(Coco18.RElbow, Keypoint.At(72, 40));
        Assert.False(balance.IsNearDuplicate(armUp));
        Assert.Equal(0, PoseChange.Distance(standing, standing), 6);
    }

    [Fact]
    public void UsableFrame_NamesWhatAFrameLacks()
    {
        PersonPose standing = Standing(100, 50);

        Assert.Null(UsableFrame.Problem(standing, maskArea: 500, minJoints: 12));
        Assert.Equal("no person", UsableFrame.Problem(PersonPose.Empty(), 0, 12));
        Assert.Equal("torso not visible", UsableFrame.Problem(standing.With(Coco18.LHip, Keypoint.Missing), 500, 12));
        Assert.Equal("fewer than 18 confident joints", UsableFrame.Problem(standing.With(Coco18.LEar, Keypoint.Missing), 500, 18));
        Assert.Equal("empty person mask", UsableFrame.Problem(standing, 0, 12));
    }

    [Fact]
    public void ThePersonBox_CoversMaskAndJoints_WithAMargin_InsideTheFrame()
    {
        using var mask = new Mat(200, 300, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, new Rect(100, 50, 40, 100), Scalar.All(255), -1);
        PersonPose pose = PersonPose.Empty().With(Coco18.RAnkle, Keypoint.At(150, 160));

        Rect box = SelfReenactmentScores.PersonBox(mask, pose, new Size(300, 200));

        // mask 100-140 × 50-150, the ankle reaches 151 wide and 161 down: height 111, margin 11.1
        Assert.Equal(new Rect(88, 38, 75, 135), box);
        using var empty = new Mat(200, 300, MatType.CV_8UC1, Scalar.All(0));
        Rect corner = SelfReenactmentScores.PersonBox(empty, PersonPose.Empty().With(Coco18.Nose, Keypoint.At(299, 199)), new Size(300, 200));
        Assert.True(corner.Right <= 300 && corner.Bottom <= 200 && corner.Width >= 11 && corner.Height >= 11, $"{corner}");
    }

    // A frontal standing person, all 18 joints, feet at y = top + height.
    private static PersonPose Standing(float height, float centreX)
    {
        float top = 10, h = height;
        var k = new Keypoint[Coco18Skeleton.JointCount];
        void Set(Coco18 j, float dx, float fy) => k[(int)j] = Keypoint.At(centreX + dx * h, top + fy * h);
        Set(Coco18.Nose, 0, 0.05f);
        Set(Coco18.Neck, 0, 0.17f);
        Set(Coco18.RShoulder, -0.12f, 0.18f);
        Set(Coco18.RElbow, -0.15f, 0.33f);
        Set(Coco18.RWrist, -0.16f, 0.47f);
        Set(Coco18.LShoulder, 0.12f, 0.18f);
        Set(Coco18.LElbow, 0.15f, 0.33f);
        Set(Coco18.LWrist, 0.16f, 0.47f);
        Set(Coco18.RHip, -0.08f, 0.52f);
        Set(Coco18.RKnee, -0.08f, 0.75f);
        Set(Coco18.RAnkle, -0.08f, 0.98f);
        Set(Coco18.LHip, 0.08f, 0.52f);
        Set(Coco18.LKnee, 0.08f, 0.75f);
        Set(Coco18.LAnkle, 0.08f, 0.98f);
        Set(Coco18.REye, -0.02f, 0.03f);
        Set(Coco18.LEye, 0.02f, 0.03f);
        Set(Coco18.REar, -0.04f, 0.04f);
        Set(Coco18.LEar, 0.04f, 0.04f);
        return new PersonPose(k);
    }
}
