using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pose.Tests;

public sealed class RetargetingTests
{
    private static float Angle(PersonPose p, Coco18 a, Coco18 b) => MathF.Atan2(p[b].Y - p[a].Y, p[b].X - p[a].X);

    [Fact]
    public void Global_DancerTwiceTheTargetsSize_IsHalvedAndStandsOnTheTargetsFootLine()
    {
        PersonPose[] dancer = Enumerable.Range(0, 20).Select(i => TestPoses.Standing(cx: 300 + i, top: 50, scale: 2f)).ToArray();
        PersonPose target = TestPoses.Standing(cx: 120, top: 30, scale: 1f);

        PoseRetargeter r = PoseRetargeter.Fit(RetargetMode.Global, dancer, target);
        PersonPose mapped = r.Apply(dancer[0]);

        Assert.Equal(0.5f, r.Placement!.Scale, 3);
        Assert.Equal(target[Coco18.RAnkle].Y, mapped[Coco18.RAnkle].Y, 1);
        Assert.Equal(target[Coco18.Nose].Y, mapped[Coco18.Nose].Y, 1);
        Assert.InRange(mapped[Coco18.Neck].X, target[Coco18.Neck].X - 6, target[Coco18.Neck].X + 6);
    }

    [Fact]
    public void Global_DancerCrouchingInHalfTheReferenceFrames_IsScaledByTheUprightHeight()
    {
        // Same foot line in every frame; every other frame dribbles in a crouch (0.6 of the height).
        PersonPose[] dancer = Enumerable.Range(0, 20)
            .Select(i => i % 2 == 0 ? TestPoses.Standing(cx: 300, top: 186, scale: 1.2f) : TestPoses.Standing(cx: 300, top: 50, scale: 2f))
            .ToArray();
        PersonPose target = TestPoses.Standing(cx: 120, top: 30, scale: 1f);

        PoseRetargeter r = PoseRetargeter.Fit(RetargetMode.Global, dancer, target);
        PersonPose standing = r.Apply(dancer[15]);

        // Standing up, the dancer's head lands on the target's head, not above the target's frame.
        Assert.Equal(0.5f, r.Placement!.Scale, 3);
        Assert.Equal(target[Coco18.Nose].Y, standing[Coco18.Nose].Y, 1);
    }

    [Fact]
    public void Global_DancerWalkingAway_KeepsTheRelativeMove()
    {
        // Frames 10..19: the dancer stands 40 px higher (further away); the mapped clip keeps that, scaled.
        PersonPose[] dancer = Enumerable.Range(0, 20).Select(i => TestPoses.Standing(cx: 300, top: i < 10 ? 60 : 20, scale: 2f)).ToArray();
        PersonPose target = TestPoses.Standing(cx: 120, top: 30, scale: 1f);

        PoseRetargeter r = PoseRetargeter.Fit(RetargetMode.Global, dancer, target);

        Assert.Equal(20f, r.Apply(dancer[0])[Coco18.Neck].Y - r.Apply(dancer[15])[Coco18.Neck].Y, 2);
    }

    [Fact]
    public void Bones_LongLeggedTarget_GetsItsLegLengthsWithTheDancersAngles()
    {
        PersonPose dancer = TestPoses.Standing(cx: 200, top: 20)
            .With(Coco18.RWrist, Keypoint.At(200 - 25 - 30, 20 + 60, 0.9f)); // arm bent sideways
        var joints = TestPoses.Standing(cx: 100, top: 10).Joints.ToArray();
        joints[(int)Coco18.RKnee] = joints[(int)Coco18.RKnee] with { Y = joints[(int)Coco18.RKnee].Y + 20 };
        joints[(int)Coco18.LKnee] = joints[(int)Coco18.LKnee] with { Y = joints[(int)Coco18.LKnee].Y + 20 };
        joints[(int)Coco18.RAnkle] = joints[(int)Coco18.RAnkle] with { Y = joints[(int)Coco18.RAnkle].Y + 40 };
        joints[(int)Coco18.LAnkle] = joints[(int)Coco18.LAnkle] with { Y = joints[(int)Coco18.LAnkle].Y + 40 };
        var target = new PersonPose(joints);

        PoseRetargeter r = PoseRetargeter.Fit(RetargetMode.Bones, [dancer], target);
        PersonPose mapped = r.Apply(dancer);

        float thigh = TestPoses.Distance(mapped[Coco18.RHip], mapped[Coco18.RKnee]);
        float targetThigh = TestPoses.Distance(target[Coco18.RHip], target[Coco18.RKnee]);
        Assert.Equal(targetThigh, thigh, 1);
        Assert.Equal(Angle(dancer, Coco18.RElbow, Coco18.RWrist), Angle(mapped, Coco18.RElbow, Coco18.RWrist), 3);
        Assert.Equal(target[Coco18.RAnkle].Y, Math.Max(mapped[Coco18.RAnkle].Y, mapped[Coco18.LAnkle].Y), 1);
    }

    [Fact]
    public void Off_LeavesPosesUnchanged()
    {
        PersonPose pose = TestPoses.Standing(cx: 77);

        Assert.Same(pose, PoseRetargeter.Fit(RetargetMode.Off, [pose], null).Apply(pose));
    }

    [Fact]
    public void Global_TargetWithoutFeet_FailsWithAClearMessage()
    {
        PersonPose target = TestPoses.Standing().With(Coco18.RAnkle, Keypoint.Missing).With(Coco18.LAnkle, Keypoint.Missing);

        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => PoseRetargeter.Fit(RetargetMode.Global, [TestPoses.Standing()], target));
        Assert.Contains("full-body photo", ex.Message, StringComparison.Ordinal);
    }
}
