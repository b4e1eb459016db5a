using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Tests;

public sealed class BlazePoseMappingTests
{
    private static (Point2f[] Points, float[] Visibility, float[] Presence) Landmarks()
    {
        var points = Enumerable.Range(0, 33).Select(i => new Point2f(10 + i, 20 + 2 * i)).ToArray();
        return (points, Enumerable.Repeat(5f, 33).ToArray(), Enumerable.Repeat(5f, 33).ToArray());
    }

    [Fact]
    public void Map_TakesEachCocoJointFromItsBlazePoseLandmarkAndTheNeckFromTheShoulders()
    {
        (Point2f[] points, float[] vis, float[] pres) = Landmarks();

        PersonPose pose = BlazePoseToCoco18.Map(points, vis, pres, 1000, 1000, 0.5f);

        Assert.Equal(points[0].X, pose[Coco18.Nose].X);
        Assert.Equal(points[12].X, pose[Coco18.RShoulder].X);
        Assert.Equal(points[27].Y, pose[Coco18.LAnkle].Y);
        Assert.Equal(points[8].X, pose[Coco18.REar].X);
        Assert.Equal((points[11].X + points[12].X) / 2, pose[Coco18.Neck].X);
        Assert.Equal(BlazePoseToCoco18.Sigmoid(5f), pose[Coco18.Nose].Confidence, 5);
    }

    [Fact]
    public void Map_LowVisibilityOrOutsideFrame_MarksJointMissing()
    {
        (Point2f[] points, float[] vis, float[] pres) = Landmarks();
        vis[15] = -3f; // left wrist hidden
        pres[26] = -2f; // right knee out of region
        points[0] = new Point2f(-5, 30); // nose left of the frame
        vis[11] = -4f; // left shoulder hidden: the neck depends on it

        PersonPose pose = BlazePoseToCoco18.Map(points, vis, pres, 1000, 1000, 0.5f);

        Assert.False(pose[Coco18.LWrist].IsPresent);
        Assert.False(pose[Coco18.RKnee].IsPresent);
        Assert.False(pose[Coco18.Nose].IsPresent);
        Assert.False(pose[Coco18.Neck].IsPresent);
        Assert.True(pose[Coco18.RShoulder].IsPresent);
    }

    [Fact]
    public void Locate_MissingModelFolder_TellsTheUserToRunSetup()
    {
        string empty = Directory.CreateTempSubdirectory("vunet-nomodels").FullName;
        try
        {
            FileNotFoundException ex = Assert.Throws<FileNotFoundException>(() => BlazePoseModelFiles.Locate(BlazePoseModel.Lite, empty));
            Assert.Contains("scripts/setup.sh", ex.Message, StringComparison.Ordinal);
            Assert.Contains("pose_landmark_lite.tflite", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Fact]
    public void ParseModel_UnknownName_ListsTheChoices()
    {
        Assert.Equal(BlazePoseModel.Heavy, BlazePoseModelFiles.Parse("Heavy"));
        ArgumentException ex = Assert.Throws<ArgumentException>(() => BlazePoseModelFiles.Parse("huge"));
        Assert.Contains("lite, full or heavy", ex.Message, StringComparison.Ordinal);
    }
}
