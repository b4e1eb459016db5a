using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Synth.Rendering;
using Xunit.Abstractions;

namespace VUnetStream.Pose.Tests;

/// <summary>Pose re-detection for eval's pairs report: the error arithmetic on given keypoints, and the real BlazePose on synthetic people.</summary>
public sealed class RedetectionTests(ITestOutputHelper output)
{
    [Fact]
    public void Compare_MeanErrorOverJointsInBoth_InPixelsAndHeadToFootHeights_AndNoPersonOnlyLowersTheRate()
    {
        // A raised right wrist above the head: the vertical extent (190 px) is not the body height, head to foot is (164 px).
        PersonPose target = TestPoses.Standing(top: 20);
        target = target.With(Coco18.RWrist, target[Coco18.RWrist] with { Y = 0 });
        Assert.Equal(164f, Redetection.BodyHeight(target), 3);
        // Every joint found 3 right and 4 down (5 px), except the nose, which is missing from the detection.
        PersonPose found = new PersonPose([.. target.Joints.Select(k => k with { X = k.X + 3, Y = k.Y + 4 })]).With(Coco18.Nose, Keypoint.Missing);

        RedetectionScore score = Redetection.Compare([(target, found), (target, PersonPose.Empty())]);

        Assert.Equal(2, score.Images);
        Assert.Equal(1, score.Detected);
        Assert.Equal(0.5, score.Rate);
        Assert.Equal(5.0, score.MeanError, 4);
        Assert.Equal(5.0 / 164, score.MeanErrorHeightFraction, 6);
    }

    [Fact]
    public void Compare_CloseUpWithoutAnkles_UsesTheVerticalExtent_AndNothingDetectedIsNaN()
    {
        PersonPose full = TestPoses.Standing(top: 20);
        PersonPose closeUp = full.With(Coco18.RAnkle, Keypoint.Missing).With(Coco18.LAnkle, Keypoint.Missing);
        // Highest joint: the eyes at 26; lowest left: the knees at 150.
        Assert.Equal(124f, Redetection.BodyHeight(closeUp), 3);

        RedetectionScore none = Redetection.Compare([(closeUp, PersonPose.Empty())]);
        Assert.Equal(0.0, none.Rate);
        Assert.True(double.IsNaN(none.MeanError));
        Assert.True(double.IsNaN(Redetection.Compare([]).Rate));
    }

    [Fact]
    public void BlazePose_OnSyntheticPeople_FindsTheirOwnPoseAgain_AndNobodyInAFlatImage()
    {
        ModelFiles.Require(BlazePoseModel.Full);
        IReadOnlyList<RenderedPerson> people = SynthPeople.Render(3);
        using var flat = new Mat(256, 256, MatType.CV_8UC3, new Scalar(128, 128, 128));
        using var redetection = new Redetection(new PoseEstimatorOptions { Model = BlazePoseModel.Full });
        try
        {
            // The images are their own targets: what is left is the estimator's error against exact keypoints.
            RedetectionScore self = redetection.Score([.. people.Select(p => (p.Image, p.Keypoints))]);
            // The flat image scored against every person's pose, detected once.
            RedetectionScore blank = redetection.Score([.. people.Select(p => (flat, p.Keypoints))]);
            output.WriteLine($"self: rate {self.Rate}, {self.MeanError:0.0} px, {self.MeanErrorHeightFraction:0.000} heights; flat: rate {blank.Rate}");

            Assert.Equal(3, self.Images);
            Assert.Equal(1.0, self.Rate);
            Assert.InRange(self.MeanErrorHeightFraction, 0, 0.08);
            Assert.Equal(3, blank.Images);
            Assert.Equal(0.0, blank.Rate);
        }
        finally
        {
            foreach (RenderedPerson p in people)
            {
                p.Dispose();
            }
        }
    }
}
