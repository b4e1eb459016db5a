using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

public sealed class FilteringTests
{
    private static readonly TemporalFilterOptions NoSmoothing = new() { Smoothing = SmoothingKind.None };

    private static PoseFrame[] Clip(int n, Func<int, PersonPose> pose) =>
        Enumerable.Range(0, n).Select(i => new PoseFrame(i, $"frame {i}", pose(i))).ToArray();

    private static PersonPose Moving(int i) => TestPoses.Standing(cx: 100 + 2 * i);

    [Fact]
    public void GapFilling_ShortGap_IsInterpolatedLinearly()
    {
        PoseFrame[] clip = Clip(10, i => i is 4 or 5 ? Moving(i).With(Coco18.RWrist, Keypoint.Missing) : Moving(i));

        IReadOnlyList<PoseFrame> result = TemporalPoseFilter.Apply(clip, NoSmoothing with { MaxGap = 3 }, 30);

        Assert.Equal(10, result.Count);
        Assert.True(result[4].Pose[Coco18.RWrist].IsPresent);
        Assert.Equal(Moving(4)[Coco18.RWrist].X, result[4].Pose[Coco18.RWrist].X, 3);
        Assert.Equal(Moving(5)[Coco18.RWrist].X, result[5].Pose[Coco18.RWrist].X, 3);
    }

    [Fact]
    public void GapFilling_GapLongerThanMax_StaysMissing()
    {
        PoseFrame[] clip = Clip(12, i => i is >= 3 and <= 7 ? Moving(i).With(Coco18.LKnee, Keypoint.Missing) : Moving(i));

        IReadOnlyList<PoseFrame> result = TemporalPoseFilter.Apply(clip, NoSmoothing with { MaxGap = 3 }, 30);

        Assert.All(result.Skip(3).Take(5), f => Assert.False(f.Pose[Coco18.LKnee].IsPresent));
    }

    [Fact]
    public void GapFilling_MissingAtClipStartOrEnd_IsNotExtrapolated()
    {
        PoseFrame[] clip = Clip(8, i => i is 0 or 7 ? Moving(i).With(Coco18.Nose, Keypoint.Missing) : Moving(i));

        IReadOnlyList<PoseFrame> result = TemporalPoseFilter.Apply(clip, NoSmoothing, 30);

        Assert.False(result[0].Pose[Coco18.Nose].IsPresent);
        Assert.False(result[7].Pose[Coco18.Nose].IsPresent);
    }

    [Fact]
    public void OneEuro_NoisyStillPerson_HasLessJitterThanInput()
    {
        var rng = new Random(3);
        PoseFrame[] clip = Clip(90, _ => TestPoses.Standing().Transform(1f, (float)(rng.NextDouble() * 4 - 2), (float)(rng.NextDouble() * 4 - 2)));

        IReadOnlyList<PoseFrame> result = TemporalPoseFilter.Apply(clip, new TemporalFilterOptions(), 30);
        double before = Jitter.Measure(clip.Select(f => f.Pose).ToArray()).PixelsPerFrame2;
        double after = Jitter.Measure(result.Select(f => f.Pose).ToArray()).PixelsPerFrame2;

        Assert.True(after < before / 3, $"jitter {before:F2} -> {after:F2}");
    }

    [Fact]
    public void OneEuro_FastMove_FollowsWithSmallLag()
    {
        // A person walking 6 px per frame (about 1 body height per second at 30 fps).
        PoseFrame[] clip = Clip(60, i => TestPoses.Standing(cx: 100 + 6 * i));

        IReadOnlyList<PoseFrame> result = TemporalPoseFilter.Apply(clip, new TemporalFilterOptions(), 30);
        float lag = clip[59].Pose[Coco18.Neck].X - result[59].Pose[Coco18.Neck].X;

        Assert.InRange(lag, 0f, 12f);
    }

    [Fact]
    public void Median_SingleFrameSpike_IsRemovedAndOutputKeepsOrder()
    {
        PoseFrame[] clip = Clip(9, i => i == 4 ? Moving(i).With(Coco18.LWrist, Keypoint.At(500, 500)) : Moving(i));

        IReadOnlyList<PoseFrame> result = TemporalPoseFilter.Apply(clip, new TemporalFilterOptions { Smoothing = SmoothingKind.Median }, 30);

        Assert.Equal(Enumerable.Range(0, 9), result.Select(f => f.Index));
        Assert.True(TestPoses.Distance(result[4].Pose[Coco18.LWrist], Moving(4)[Coco18.LWrist]) < 5);
    }

    [Fact]
    public void Streaming_ReleasesFramesWithinTheAnnouncedDelay()
    {
        var filter = new TemporalPoseFilter(new TemporalFilterOptions { Smoothing = SmoothingKind.Median, MaxGap = 2, MedianWindow = 5 }, 30);
        int released = 0;
        for (int i = 0; i < 20; i++)
        {
            released += filter.Push(new PoseFrame(i, "", Moving(i))).Count();
            Assert.True(i + 1 - released <= filter.Delay, $"after frame {i}: {released} released, delay {filter.Delay}");
        }

        released += filter.Complete().Count();
        Assert.Equal(20, released);
    }

    [Fact]
    public void Jitter_UniformMotionIsZeroAndAlternatingNoiseIsMeasured()
    {
        PersonPose[] uniform = Enumerable.Range(0, 10).Select(i => TestPoses.Standing(cx: 100 + 3 * i)).ToArray();
        PersonPose[] zigzag = Enumerable.Range(0, 10).Select(i => TestPoses.Standing(cx: 100 + (i % 2 == 0 ? 1 : -1))).ToArray();

        Assert.Equal(0, Jitter.Measure(uniform).PixelsPerFrame2, 4);
        // x alternates +1/−1: acceleration |(−1) − 2(1) + (−1)| = 4 px/frame² for every joint.
        Assert.Equal(4, Jitter.Measure(zigzag).PixelsPerFrame2, 4);
    }

    [Fact]
    public void Options_EvenMedianWindow_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TemporalPoseFilter(new TemporalFilterOptions { MedianWindow = 4 }, 30));
        Assert.Equal(SmoothingKind.Median, TemporalFilterOptions.ParseSmoothing("median"));
        Assert.Throws<ArgumentException>(() => TemporalFilterOptions.ParseSmoothing("kalman"));
    }
}
