using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.Motion;
using VUnetStream.Synth.People;
using VUnetStream.Synth.Rendering;

namespace VUnetStream.Synth.Tests;

public class RenderGroundTruthTests
{
    [Fact]
    public void VisibleJoints_LieOnTheBodyMask_AndOnTheirOwnParts()
    {
        int checkedJoints = 0, occluded = 0;
        for (int i = 0; i < 24; i++)
        {
            SynthPerson person = SynthPerson.Sample(3, "mask", i);
            BodyPose pose = PoseSampler.Sample(Seeds.Random(3, "mask-pose", i));
            using RenderedPerson r = StillRenderer.Render(person.Appearance, person.Body, pose, 112);
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Keypoint k = r.Keypoints[j];
                if (!k.IsPresent)
                {
                    continue;
                }

                int x = (int)Math.Round(k.X), y = (int)Math.Round(k.Y);
                if (r.SelfOccluded[j])
                {
                    occluded++;
                    Assert.Equal(0.5f, k.Confidence);
                    continue;
                }

                Assert.Equal(1f, k.Confidence);
                Assert.True(r.Mask.At<byte>(y, x) == 255, $"person {i}: {(Coco18)j} at ({x},{y}) is not on the body mask");
                var part = (BodyPart)r.Parts.At<byte>(y, x);
                Assert.True(JointParts.IsSeenAs((Coco18)j, part), $"person {i}: {(Coco18)j} lies on {part}");
                checkedJoints++;
            }
        }

        Assert.True(checkedJoints > 24 * 10, $"only {checkedJoints} visible joints checked");
        Assert.True(occluded > 0, "no self-occluded joint in 24 varied poses");
    }

    [Fact]
    public void SameAppearance_InTwoPoses_KeepsShirtColourAtTorsoCentre()
    {
        var shirt = new Rgb(200, 60, 50);
        Appearance look = TestSupport.PlainPerson(shirt);
        foreach (BodyPose pose in new[] { TestSupport.OpenArms(35, 0), TestSupport.OpenArms(80, 40) with { Yaw = 15 } })
        {
            using RenderedPerson r = StillRenderer.Render(look, BodyProportions.Average, pose, 128);
            Skeleton s = r.Skeleton;
            var centre = Geometry.Vec3.Lerp(s[SkeletonPoint.Pelvis], s[Coco18.Neck], 0.55);
            Rgb seen = TestSupport.ColorAt(r.Image, centre.X, centre.Y);
            Assert.True(seen.DistanceTo(shirt) < 30, $"torso centre shows {seen}, shirt is {shirt}");
        }
    }

    [Fact]
    public void SameAppearance_InTwoPoses_HasSimilarBodyColours_UnlikeAnotherPerson()
    {
        SynthPerson a = SynthPerson.Sample(21, "hist", 0), b = SynthPerson.Sample(21, "hist", 1);
        BodyPose p1 = PoseSampler.Sample(Seeds.Random(21, "p", 1)) with { Yaw = 10 };
        BodyPose p2 = PoseSampler.Sample(Seeds.Random(21, "p", 2)) with { Yaw = -20 };
        using RenderedPerson a1 = StillRenderer.Render(a.Appearance, a.Body, p1, 128);
        using RenderedPerson a2 = StillRenderer.Render(a.Appearance, b.Body, p2, 128);
        using RenderedPerson b2 = StillRenderer.Render(b.Appearance, b.Body, p2, 128);

        using Mat h1 = BodyHistogram(a1), h2 = BodyHistogram(a2), h3 = BodyHistogram(b2);
        double same = Cv2.CompareHist(h1, h2, HistCompMethods.Correl);
        double other = Cv2.CompareHist(h1, h3, HistCompMethods.Correl);
        Assert.True(same > 0.7, $"same person in two poses: histogram correlation {same:0.00}");
        Assert.True(same > other + 0.2, $"same person {same:0.00} vs another person {other:0.00}");
    }

    [Fact]
    public void FacePoints_FollowHeadOrientation()
    {
        PersonPose Face(double yaw) => BodyKinematics.Solve(BodyProportions.Average, BodyPose.APose with { Yaw = yaw })
            .Project(new Camera(100, 0, -0.5, 64, 64)).Keypoints(128, 128);

        PersonPose front = Face(0), back = Face(180), profile = Face(90);
        Assert.All(new[] { Coco18.Nose, Coco18.REye, Coco18.LEye, Coco18.REar, Coco18.LEar }, j => Assert.True(front[j].IsPresent, $"front: {j}"));
        Assert.False(back[Coco18.Nose].IsPresent);
        Assert.False(back[Coco18.REye].IsPresent || back[Coco18.LEye].IsPresent);
        Assert.True(back[Coco18.REar].IsPresent && back[Coco18.LEar].IsPresent);

        // Facing the image's right, the person's left side is turned away.
        Assert.True(profile[Coco18.Nose].IsPresent && profile[Coco18.REye].IsPresent && profile[Coco18.REar].IsPresent);
        Assert.False(profile[Coco18.LEye].IsPresent || profile[Coco18.LEar].IsPresent);
        Assert.True(front[Coco18.REye].X < front[Coco18.LEye].X, "facing the camera, the right eye is on the image's left");
    }

    [Fact]
    public void JointsOutsideTheImage_AreMissing()
    {
        // A camera zoomed on the head: legs are far below the image.
        Skeleton world = BodyKinematics.Solve(BodyProportions.Average, BodyPose.APose);
        PersonPose pose = world.Project(new Camera(400, 0, -0.92, 32, 32)).Keypoints(64, 64);

        Assert.True(pose[Coco18.Nose].IsPresent);
        Assert.Equal(Keypoint.Missing, pose[Coco18.LAnkle]);
        Assert.Equal(Keypoint.Missing, pose[Coco18.RKnee]);
    }

    private static Mat BodyHistogram(RenderedPerson r)
    {
        using var hsv = new Mat();
        Cv2.CvtColor(r.Image, hsv, ColorConversionCodes.BGR2HSV);
        var hist = new Mat();
        Cv2.CalcHist([hsv], [0, 1], r.Mask, hist, 2, [18, 8], [new Rangef(0, 180), new Rangef(0, 256)]);
        Cv2.Normalize(hist, hist, 1, 0, NormTypes.L1);
        return hist;
    }
}
