using VUnetStream.Core.Keypoints;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Retargeting;
using Xunit;

namespace VUnetStream.Pipeline.Tests;

public sealed class StreamingPoseRefinerTests
{
    private const int Size = 64;

    [Fact]
    public void Push_DancerCrossingAWideStage_KeepsATorsoInsideTheSquareInEveryFrame()
    {
        // A 1920x1080 stage; the dancer (540 px tall) walks from the far left to the far right in 120 frames.
        PersonPose target = TestClips.PoseAt(0, Size).Transform(1f, Size * 0.2f, 0f);
        var refiner = new StreamingPoseRefiner(null, 30, RetargetMode.Global, target, 1920, 1080, Size, calibrationFrames: 10, maxCalibrationFrames: 30);
        var released = new List<(int Index, PersonPose Pose)>();
        for (int i = 0; i < 120; i++)
        {
            PersonPose dancer = TestClips.PoseAt(0, 900).Transform(1f, -200f + i * 15f, 100f);
            released.AddRange(refiner.Push(i, dancer));
        }

        released.AddRange(refiner.Complete());

        Assert.Equal(Enumerable.Range(0, 120), released.Select(r => r.Index));
        Assert.All(released, r =>
        {
            Assert.True(PoseStage.HasTorso(r.Pose), $"frame {r.Index} lost its torso");
            Assert.All(r.Pose.Joints.Where(j => j.IsPresent), j => Assert.InRange(j.X, 0f, Size));
        });
        Assert.True(BodyGeometry.CentreX(released[^1].Pose) > BodyGeometry.CentreX(released[0].Pose) + 5, "the walk must still show");
    }
}
