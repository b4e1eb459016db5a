using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.Motion;

namespace VUnetStream.Synth.Tests;

public class FormatRoundTripTests
{
    /// <summary>Generated poses, some with joints outside a small image and face points turned away.</summary>
    private static List<PersonPose> GeneratedPoses()
    {
        var motion = new DanceMotion(8, 4);
        var camera = new Camera(150, 0, -0.6, 60, 60);
        return Enumerable.Range(0, 12)
            .Select(i => BodyKinematics.Solve(BodyProportions.Average, motion.At(i * 0.3)).Project(camera).Keypoints(120, 120))
            .ToList();
    }

    [Fact]
    public void OpenPoseJson_OfGeneratedPoses_ReadsBackTheSameKeypoints()
    {
        List<PersonPose> poses = GeneratedPoses();
        Assert.Contains(poses, p => p.PresentCount < Coco18Skeleton.JointCount);
        using var dir = new TempDir();
        for (int i = 0; i < poses.Count; i++)
        {
            string path = dir.Combine(OpenPoseJson.FrameFileName("dancer", i));
            OpenPoseJson.Write(path, [poses[i]]);
            PersonPose back = Assert.Single(OpenPoseJson.Read(path));
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Assert.Equal(poses[i][j].IsPresent, back[j].IsPresent);
                if (poses[i][j].IsPresent)
                {
                    Assert.Equal(poses[i][j].X, back[j].X, 0.001);
                    Assert.Equal(poses[i][j].Y, back[j].Y, 0.001);
                    Assert.Equal(poses[i][j].Confidence, back[j].Confidence, 0.001);
                }
            }
        }
    }

    [Fact]
    public void BenchmarkCsv_OfGeneratedPoses_ReadsBackRoundedKeypointsAndMissingJoints()
    {
        List<PersonPose> poses = GeneratedPoses();
        using var dir = new TempDir();
        string path = dir.Combine("annotations.csv");
        BenchmarkCsv.Write(path, poses.Select((p, i) => ($"img{i:00}.png", p)));

        IReadOnlyList<(string Name, PersonPose Pose)> back = BenchmarkCsv.Read(path);
        Assert.Equal(poses.Count, back.Count);
        for (int i = 0; i < poses.Count; i++)
        {
            Assert.Equal($"img{i:00}.png", back[i].Name);
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Keypoint k = poses[i][j];
                Assert.Equal(k.IsPresent, back[i].Pose[j].IsPresent);
                if (k.IsPresent)
                {
                    Assert.Equal(MathF.Round(k.X), back[i].Pose[j].X);
                    Assert.Equal(MathF.Round(k.Y), back[i].Pose[j].Y);
                }
            }
        }
    }
}
