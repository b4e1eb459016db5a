using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

/// <summary>The one streaming refine loop that the pipeline's pose stage and the pose command run.</summary>
public sealed class PoseRefineLoopTests
{
    private static DecodedFrame Frame(int index) => new(index, TimeSpan.FromSeconds(index / 25.0), new Mat(4, 4, MatType.CV_8UC3, Scalar.All(0)));

    // A person walking right, a few joints missing now and then, with some noise: something to filter.
    private static PersonPose PoseAt(int i)
    {
        PersonPose pose = TestPoses.Standing(cx: 100 + 3 * i + (i % 3 == 0 ? 2 : -1));
        return i % 5 == 2 ? pose.With(Coco18.RWrist, Keypoint.Missing) : pose;
    }

    [Theory]
    [InlineData(SmoothingKind.OneEuro)]
    [InlineData(SmoothingKind.Median)]
    [InlineData(SmoothingKind.None)]
    public void InFramePixels_HoldsEachFrameUntilItsPoseIsFiltered_AndGivesTheFiltersPosesInOrder(SmoothingKind smoothing)
    {
        var options = new TemporalFilterOptions { Smoothing = smoothing };
        IReadOnlyList<PoseFrame> expected = TemporalPoseFilter.Apply(Enumerable.Range(0, 20).Select(i => new PoseFrame(i, "", PoseAt(i))), options, 25);
        using var loop = new PoseRefineLoop(StreamingPoseRefiner.InFramePixels(options, 25));
        var released = new List<RefinedFrame>();
        int delay = new TemporalPoseFilter(options, 25).Delay;

        for (int i = 0; i < 20; i++)
        {
            released.AddRange(loop.Push(Frame(i), PoseAt(i)));
            Assert.InRange(loop.Held, 0, delay);
        }

        released.AddRange(loop.Complete());

        Assert.Equal(0, loop.Held);
        Assert.Equal(Enumerable.Range(0, 20), released.Select(r => r.Index));
        Assert.Equal(Enumerable.Range(0, 20).Select(PoseAt).Select(p => p[Coco18.Neck].X), released.Select(r => r.Raw[Coco18.Neck].X));
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Assert.Equal(expected[i].Pose[j], released[i].Refined[j]);
            }
        }

        released.ForEach(r => r.Dispose());
    }

    [Fact]
    public void InFramePixels_WithoutAFilter_ReleasesEveryPoseAtOnceUnchanged()
    {
        using var loop = new PoseRefineLoop(StreamingPoseRefiner.InFramePixels(null, 25));
        PersonPose pose = PoseAt(4);

        using RefinedFrame released = Assert.Single(loop.Push(Frame(0), pose));

        Assert.Same(pose, released.Refined);
        Assert.Empty(loop.Complete());
    }

    [Fact]
    public void ARefinerThatReleasesOutOfOrder_IsAnErrorAndNoFrameIsLeftUndisposed()
    {
        var frames = new[] { Frame(0), Frame(1) };
        var loop = new PoseRefineLoop(new Reversing());
        Assert.Empty(loop.Push(frames[0], PoseAt(0)));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => loop.Push(frames[1], PoseAt(1)));
        loop.Dispose();

        Assert.Contains("released frame 1 out of order", error.Message, StringComparison.Ordinal);
        Assert.All(frames, f => Assert.True(f.Image.IsDisposed));
    }

    [Fact]
    public void ARefinerThatNeverReleasesAFrame_FailsAtTheEndNamingIt()
    {
        using var loop = new PoseRefineLoop(new Swallowing());
        DecodedFrame frame = Frame(0);
        Assert.Empty(loop.Push(frame, PoseAt(0)));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => loop.Complete());

        Assert.Contains("never released frame 0", error.Message, StringComparison.Ordinal);
        loop.Dispose();
        Assert.True(frame.Image.IsDisposed);
    }

    /// <summary>Holds two frames and gives them back the wrong way round.</summary>
    private sealed class Reversing : IPoseRefiner
    {
        private readonly List<(int, PersonPose)> _held = [];

        public IEnumerable<(int Index, PersonPose Pose)> Push(int index, PersonPose pose)
        {
            _held.Insert(0, (index, pose));
            return _held.Count == 2 ? _held : [];
        }

        public IEnumerable<(int Index, PersonPose Pose)> Complete() => [];
    }

    private sealed class Swallowing : IPoseRefiner
    {
        public IEnumerable<(int Index, PersonPose Pose)> Push(int index, PersonPose pose) => [];

        public IEnumerable<(int Index, PersonPose Pose)> Complete() => [];
    }
}
