using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pose.Tests;

public sealed class SquareContainmentTests
{
    private const int Square = 64;

    // A 1920-wide stage; the dancer's reference frames stand in the middle, twice as tall as the square.
    private static readonly PersonPose[] Reference = Enumerable.Range(0, 10).Select(_ => TestPoses.Standing(cx: 960, top: 200, scale: 4f)).ToArray();
    private static readonly PersonPose Target = TestPoses.Standing(cx: 32, top: 6, scale: 0.3f);

    private static PoseRetargeter Fit(bool contain)
    {
        PoseRetargeter r = PoseRetargeter.Fit(RetargetMode.Global, Reference, Target);
        return contain ? r.KeepingInside(new SquareContainment(Square, Target)) : r;
    }

    [Fact]
    public void KeepingInside_SmallSway_PassesAlmostUnchanged()
    {
        PoseRetargeter free = Fit(contain: false), kept = Fit(contain: true);
        PersonPose swayed = TestPoses.Standing(cx: 960 + 20, top: 200, scale: 4f);

        float freeShift = free.Apply(swayed)[Coco18.Neck].X - free.Apply(Reference[0])[Coco18.Neck].X;
        float keptShift = kept.Apply(swayed)[Coco18.Neck].X - kept.Apply(Reference[0])[Coco18.Neck].X;

        Assert.True(freeShift > 1f, "the sway must move the free pose");
        Assert.Equal(freeShift, keptShift, 0.05f * freeShift);
    }

    [Theory]
    [InlineData(150f)]
    [InlineData(1800f)]
    public void KeepingInside_DancerAtTheEdgeOfAWideStage_StaysInTheSquareWithEveryJoint(float stageX)
    {
        PersonPose dancer = TestPoses.Standing(cx: stageX, top: 200, scale: 4f);

        PersonPose free = Fit(contain: false).Apply(dancer);
        PersonPose kept = Fit(contain: true).Apply(dancer);

        Assert.True(free.Joints.Any(j => !j.IsPresent || j.X >= Square), "without containment this dancer leaves the square");
        Assert.Equal(dancer.PresentCount, kept.PresentCount);
        Assert.All(kept.Joints, j => Assert.InRange(j.X, 0f, Square));
        float radius = SquareContainment.RadiusFraction * Square;
        Assert.InRange(BodyGeometry.CentreX(kept)!.Value, 32 - radius, 32 + radius);
        Assert.Equal(dancer[Coco18.LShoulder].X - dancer[Coco18.RShoulder].X,
            (kept[Coco18.LShoulder].X - kept[Coco18.RShoulder].X) / Fit(contain: true).Placement!.Scale, 2);
    }

    [Fact]
    public void KeepingInside_DancerFurtherOut_StaysFurtherOut()
    {
        PoseRetargeter kept = Fit(contain: true);

        float[] centres = [.. new[] { 1000f, 1200f, 1500f, 1900f }.Select(x => BodyGeometry.CentreX(kept.Apply(TestPoses.Standing(cx: x, top: 200, scale: 4f)))!.Value)];

        Assert.Equal(centres.Order(), centres);
        Assert.Equal(centres.Length, centres.Distinct().Count());
    }
}
