using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Core.Tests;

public sealed class KeypointFormatTests
{
    private static PersonPose SamplePose()
    {
        var joints = new Keypoint[18];
        for (int i = 0; i < 18; i++)
        {
            joints[i] = new Keypoint(10 + 3 * i, 200 - 5 * i, 0.5f + i / 40f);
        }

        joints[(int)Coco18.LEar] = Keypoint.Missing;
        joints[(int)Coco18.RKnee] = Keypoint.Missing;
        return new PersonPose(joints);
    }

    [Fact]
    public void OpenPoseJson_RoundTrip_KeepsCoordinatesConfidencesAndMissingJoints()
    {
        PersonPose pose = SamplePose();
        IReadOnlyList<PersonPose> read = OpenPoseJson.Parse(OpenPoseJson.Serialize([pose, PersonPose.Empty()]));

        Assert.Equal(2, read.Count);
        for (int i = 0; i < 18; i++)
        {
            Assert.Equal(pose[i].IsPresent, read[0][i].IsPresent);
            if (pose[i].IsPresent)
            {
                Assert.Equal(pose[i].X, read[0][i].X, 3);
                Assert.Equal(pose[i].Y, read[0][i].Y, 3);
                Assert.Equal(pose[i].Confidence, read[0][i].Confidence, 3);
            }
        }

        Assert.True(read[1].IsEmpty);
    }

    [Fact]
    public void OpenPoseJson_Body25_IsMappedToCoco18()
    {
        // BODY_25 puts MidHip at index 8, so COCO's RHip (8) is BODY_25's 9.
        float[] values = new float[75];
        for (int j = 0; j < 25; j++)
        {
            values[3 * j] = j * 10;
            values[3 * j + 1] = j;
            values[3 * j + 2] = 0.9f;
        }

        string json = "{\"people\":[{\"pose_keypoints_2d\":[" + string.Join(",", values) + "]}]}";
        PersonPose pose = OpenPoseJson.Parse(json)[0];

        Assert.Equal(70, pose[Coco18.LWrist].X);
        Assert.Equal(90, pose[Coco18.RHip].X);
        Assert.Equal(180, pose[Coco18.LEar].X);
    }

    [Fact]
    public void OpenPoseJson_WrongJointCount_NamesTheFileAndTheCount()
    {
        string json = "{\"people\":[{\"pose_keypoints_2d\":[1,2,0.5,3,4,0.5]}]}";
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OpenPoseJson.Parse(json, "frame_7.json"));
        Assert.Contains("frame_7.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("6 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenPoseJson_NotJson_SaysSo()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OpenPoseJson.Parse("{people: oops", "a.json"));
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchmarkCsv_RoundTrip_KeepsRoundedCoordinatesAndMissingJoints()
    {
        PersonPose pose = SamplePose();
        string text = BenchmarkCsv.Serialize([("a.png", pose), ("b.png", PersonPose.Empty())]);
        IReadOnlyList<(string Name, PersonPose Pose)> read = BenchmarkCsv.Parse(text);

        Assert.StartsWith(BenchmarkCsv.Header + "\n", text, StringComparison.Ordinal);
        Assert.Equal(["a.png", "b.png"], read.Select(r => r.Name));
        for (int i = 0; i < 18; i++)
        {
            Assert.Equal(pose[i].IsPresent, read[0].Pose[i].IsPresent);
            if (pose[i].IsPresent)
            {
                Assert.Equal(MathF.Round(pose[i].X), read[0].Pose[i].X);
                Assert.Equal(MathF.Round(pose[i].Y), read[0].Pose[i].Y);
            }
        }

        Assert.True(read[1].Pose.IsEmpty);
    }

    [Fact]
    public void BenchmarkCsv_ReadsTheDeepFashionLineFormat()
    {
        const string text = "name:keypoints_y:keypoints_x\n" +
            "img.png: [2, 23, 22, 62, 92, 23, 71, 116, 108, 162, 215, 109, 163, 230, 1, 0, 1, -1]: " +
            "[132, 130, 111, 109, 106, 149, 155, 139, 111, 109, 153, 134, 129, 122, 127, 135, 118, 140]\n";
        (string name, PersonPose pose) = BenchmarkCsv.Parse(text)[0];

        Assert.Equal("img.png", name);
        Assert.Equal(new Keypoint(130, 23, 1), pose[Coco18.Neck]);
        Assert.False(pose[Coco18.LEar].IsPresent);
    }

    [Fact]
    public void BenchmarkCsv_WrongJointCount_NamesFileAndLine()
    {
        const string text = "name:keypoints_y:keypoints_x\nimg.png: [1, 2]: [3, 4]\n";
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => BenchmarkCsv.Parse(text, "ann.csv"));
        Assert.Contains("ann.csv:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 18", error.Message, StringComparison.Ordinal);
    }
}
