using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Tests;

/// <summary>The real BlazePose networks on real and made-up images (needs ./scripts/setup.sh).</summary>
public sealed class EstimatorTests
{
    // The standing person in darknet's person.jpg (640×424), measured by eye with some slack: x 190–275, y 98–375.
    private static readonly Rect2f PersonBox = new(180, 88, 105, 297);

    [Theory]
    [InlineData(BlazePoseModel.Lite)]
    [InlineData(BlazePoseModel.Full)]
    public void RealPhoto_JointsLieOnThePersonInAnatomicalOrder(BlazePoseModel model)
    {
        ModelFiles.Require(model);
        using Mat photo = FrameInput.ReadImage(ModelFiles.RequirePersonPhoto());
        using var tracker = new BlazePoseTracker(new PoseEstimatorOptions { Model = model });

        PoseEstimate estimate = tracker.Estimate(photo);
        PersonPose pose = estimate.Pose;

        Assert.Equal(RegionSource.Detected, estimate.Source);
        Assert.True(pose.PresentCount >= 12, $"only {pose.PresentCount} joints found");
        foreach (Keypoint k in pose.Joints.Where(k => k.IsPresent))
        {
            Assert.True(PersonBox.Contains(new Point2f(k.X, k.Y)), $"joint at ({k.X:F0}, {k.Y:F0}) is outside the person's box");
        }

        float Y(Coco18 j) => pose[j].Y;
        float shoulders = Math.Max(Y(Coco18.RShoulder), Y(Coco18.LShoulder));
        float hips = Math.Min(Y(Coco18.RHip), Y(Coco18.LHip));
        Assert.True(Y(Coco18.Nose) < Y(Coco18.Neck), "nose should be above the neck");
        Assert.True(shoulders < hips, "shoulders should be above the hips");
        Assert.True(Math.Max(Y(Coco18.RHip), Y(Coco18.LHip)) < Y(Coco18.RKnee), "hips should be above the knees");
        Assert.True(Y(Coco18.RKnee) < Y(Coco18.RAnkle), "knees should be above the ankles");
    }

    [Fact]
    public void RealPhoto_TrackedOnTheNextFrame_StaysOnThePerson()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        using Mat photo = FrameInput.ReadImage(ModelFiles.RequirePersonPhoto());
        using var tracker = new BlazePoseTracker(new PoseEstimatorOptions { Model = BlazePoseModel.Lite });

        PoseEstimate first = tracker.Estimate(photo);
        PoseEstimate second = tracker.Estimate(photo);

        Assert.Equal(RegionSource.Tracked, second.Source);
        Assert.True(TestPoses.Distance(first.Pose[Coco18.Neck], second.Pose[Coco18.Neck]) < 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmptyScene_ReportsNoPerson(bool wholeFrameFallback)
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        using var scene = new Mat(240, 320, MatType.CV_8UC3);
        Cv2.Randu(scene, new Scalar(90, 90, 90), new Scalar(110, 110, 110)); // a plain wall with sensor noise
        using var tracker = new BlazePoseTracker(new PoseEstimatorOptions { Model = BlazePoseModel.Lite, WholeFrameFallback = wholeFrameFallback });

        PoseEstimate estimate = tracker.Estimate(scene);

        Assert.False(estimate.HasPerson);
        Assert.True(estimate.Pose.IsEmpty);
    }

    [Fact]
    public void GreyscaleImage_IsRejectedWithAClearMessage()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        using var grey = new Mat(64, 64, MatType.CV_8UC1, Scalar.All(0));
        using var tracker = new BlazePoseTracker(new PoseEstimatorOptions { Model = BlazePoseModel.Lite });

        ArgumentException ex = Assert.Throws<ArgumentException>(() => tracker.Estimate(grey));
        Assert.Contains("BGR", ex.Message, StringComparison.Ordinal);
    }
}
