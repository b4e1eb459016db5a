using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

public sealed class PoseSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-pose-src").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OpenPoseFolder_MixedCoco18AndBody25Files_YieldsCoco18PosesInFrameOrder()
    {
        PersonPose first = TestPoses.Standing(cx: 50);
        PersonPose second = TestPoses.Standing(cx: 80);
        OpenPoseJson.Write(Path.Combine(_dir, OpenPoseJson.FrameFileName("clip", 1)), [second], OpenPoseLayout.Body25);
        OpenPoseJson.Write(Path.Combine(_dir, OpenPoseJson.FrameFileName("clip", 0)), [first]);
        OpenPoseJson.Write(Path.Combine(_dir, OpenPoseJson.FrameFileName("clip", 2)), []);

        using StoredPoseSource source = PoseSources.OpenStored(_dir);
        PoseFrame[] frames = source.ReadPoses().ToArray();

        Assert.IsType<OpenPoseFolderSource>(source);
        Assert.Equal(3, frames.Length);
        Assert.Equal(first[Coco18.RKnee].X, frames[0].Pose[Coco18.RKnee].X, 2);
        Assert.Equal(second[Coco18.LAnkle].Y, frames[1].Pose[Coco18.LAnkle].Y, 2);
        Assert.Equal(second[Coco18.LEar].X, frames[1].Pose[Coco18.LEar].X, 2);
        Assert.False(frames[2].HasPerson);
    }

    [Fact]
    public void OpenPoseJson_Body25Output_HasMidHipAndMissingFeet()
    {
        PersonPose pose = TestPoses.Standing();
        string json = OpenPoseJson.Serialize([pose], OpenPoseLayout.Body25);
        float[] values = System.Text.Json.Nodes.JsonNode.Parse(json)!["people"]![0]!["pose_keypoints_2d"]!.AsArray()
            .Select(n => n!.GetValue<float>()).ToArray();

        Assert.Equal(75, values.Length);
        Assert.Equal((pose[Coco18.RHip].X + pose[Coco18.LHip].X) / 2, values[8 * 3], 2);
        Assert.Equal(0f, values[19 * 3 + 2]);
        Assert.Equal(pose[Coco18.RHip].X, values[9 * 3], 2);
    }

    [Fact]
    public void OpenPoseFolder_SeveralPeople_FollowsTheOneWithMostJoints()
    {
        PersonPose partial = TestPoses.Standing(cx: 20).With(Coco18.RAnkle, Keypoint.Missing).With(Coco18.LAnkle, Keypoint.Missing);
        PersonPose whole = TestPoses.Standing(cx: 150);
        OpenPoseJson.Write(Path.Combine(_dir, "a_keypoints.json"), [partial, whole]);

        using var source = new OpenPoseFolderSource(_dir);

        Assert.Equal(150f, source.ReadPoses().Single().Pose[Coco18.Neck].X, 2);
    }

    [Fact]
    public void SyntheticClipFolder_ReadsGroundTruthFromItsKeypointsFolder()
    {
        string keypoints = Directory.CreateDirectory(Path.Combine(_dir, "keypoints")).FullName;
        for (int i = 0; i < 4; i++)
        {
            OpenPoseJson.Write(Path.Combine(keypoints, OpenPoseJson.FrameFileName("dancer", i)), [TestPoses.Standing(cx: 100 + i)]);
        }

        using StoredPoseSource source = PoseSources.OpenStored(_dir);

        Assert.Equal([100f, 101f, 102f, 103f], source.ReadPoses().Select(f => f.Pose[Coco18.Neck].X).ToArray());
    }

    [Fact]
    public void BenchmarkCsv_YieldsImagesInFileOrderWithNames()
    {
        string csv = Path.Combine(_dir, "annotations.csv");
        BenchmarkCsv.Write(csv, [("b.jpg", TestPoses.Standing(cx: 60)), ("a.jpg", TestPoses.Standing(cx: 90))]);

        using StoredPoseSource source = PoseSources.OpenStored(csv);
        PoseFrame[] frames = source.ReadPoses().ToArray();

        Assert.Equal(["b.jpg", "a.jpg"], frames.Select(f => f.Name).ToArray());
        Assert.Equal(90f, frames[1].Pose[Coco18.Neck].X);
    }

    [Fact]
    public void OpenPoseFolder_WithoutJsonFiles_FailsNamingTheFolder()
    {
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => new OpenPoseFolderSource(_dir));
        Assert.Contains(_dir, ex.Message, StringComparison.Ordinal);
    }
}
