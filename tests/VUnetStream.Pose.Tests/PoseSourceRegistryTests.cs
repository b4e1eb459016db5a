using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

/// <summary>The one registry: which source serves each kind of path, and how stored poses follow the frames.</summary>
public sealed class PoseSourceRegistryTests : IDisposable
{
    private static readonly PoseEstimatorOptions Lite = new() { Model = BlazePoseModel.Lite };
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-registry").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void KindOf_TellsEachPathKindApart()
    {
        string csv = Path.Combine(_dir, "annotations.csv");
        BenchmarkCsv.Write(csv, [("a.jpg", TestPoses.Standing())]);
        string jsonFolder = KeypointFolder("openpose", 2);
        string clip = Directory.CreateDirectory(Path.Combine(_dir, "clip")).FullName;
        KeypointFolder(Path.Combine("clip", "keypoints"), 2);
        File.WriteAllBytes(Path.Combine(clip, "person.png"), []);
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "p.jpg"), []);
        string imagesWithJson = KeypointFolder("images-and-json", 1);
        File.WriteAllBytes(Path.Combine(imagesWithJson, "p.png"), []);

        Assert.Equal(PoseSourceKind.BenchmarkCsv, PoseSources.KindOf(csv));
        Assert.Equal(PoseSourceKind.KeypointFolder, PoseSources.KindOf(jsonFolder));
        Assert.Equal(PoseSourceKind.SyntheticClip, PoseSources.KindOf(clip));
        Assert.Equal(PoseSourceKind.EstimatedImages, PoseSources.KindOf(images));
        Assert.Equal(PoseSourceKind.EstimatedImages, PoseSources.KindOf(imagesWithJson));
        Assert.Equal(PoseSourceKind.EstimatedImages, PoseSources.KindOf(Path.Combine(_dir, "photo.JPG")));
        Assert.Equal(PoseSourceKind.EstimatedVideo, PoseSources.KindOf(Path.Combine(_dir, "dance.mp4")));
    }

    [Fact]
    public void Open_StoredKinds_GiveTheirStoredSources()
    {
        string csv = Path.Combine(_dir, "annotations.csv");
        BenchmarkCsv.Write(csv, [("a.jpg", TestPoses.Standing())]);
        string jsonFolder = KeypointFolder("openpose", 2);
        KeypointFolder(Path.Combine("clip", "keypoints"), 3);

        using IPoseSource fromCsv = PoseSources.Open(csv);
        using IPoseSource fromFolder = PoseSources.Open(jsonFolder);
        using IPoseSource fromClip = PoseSources.Open(Path.Combine(_dir, "clip"));

        Assert.IsType<BenchmarkCsvSource>(fromCsv);
        Assert.Equal($"keypoints from {jsonFolder}", Assert.IsType<OpenPoseFolderSource>(fromFolder).Name);
        OpenPoseFolderSource clip = Assert.IsType<OpenPoseFolderSource>(fromClip);
        Assert.Equal(Path.Combine(_dir, "clip", "keypoints"), clip.Folder);
        Assert.Equal(3, clip.Count);
    }

    [Fact]
    public void Open_VideoOrImages_GivesTheEstimator()
    {
        ModelFiles.Require(BlazePoseModel.Lite);

        using IPoseSource video = PoseSources.Open(Path.Combine(_dir, "dance.mp4"), Lite);
        using IPoseSource photo = PoseSources.Open(Path.Combine(_dir, "photo.png"), Lite);

        Assert.Equal("BlazePose Lite", Assert.IsType<EstimatedPoseSource>(video).Name);
        Assert.IsType<EstimatedPoseSource>(photo);
    }

    [Fact]
    public void OpenStored_OnAVideo_FailsNamingItInsteadOfEstimating()
    {
        string video = Path.Combine(_dir, "dance.mp4");
        File.WriteAllBytes(video, [1, 2, 3]);

        DirectoryNotFoundException error = Assert.Throws<DirectoryNotFoundException>(() => PoseSources.OpenStored(video));

        Assert.Contains("dance.mp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredPoses_AreIndexedByFrame_AndFramesPastTheEndHaveNoPerson()
    {
        string folder = KeypointFolder("openpose", 2);
        using StoredPoseSource source = PoseSources.OpenStored(folder);
        using var first = new DecodedFrame(0, TimeSpan.Zero, new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0)));
        using var second = new DecodedFrame(1, TimeSpan.Zero, new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0)));
        using var third = new DecodedFrame(2, TimeSpan.Zero, new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0)));

        // The pixels do not matter, only the frame's index.
        Assert.Equal(101f, source.PoseOf(second)[Coco18.Neck].X, 2);
        Assert.Equal(100f, source.PoseOf(first)[Coco18.Neck].X, 2);
        Assert.True(source.PoseOf(third).IsEmpty);
        Assert.Equal([100f, 101f], source.ReadPoses().Select(f => f.Pose[Coco18.Neck].X).ToArray());
    }

    [Fact]
    public void EstimatorOnIndependentImages_StartsOverInEveryFrame_AndTalliesWhatItFound()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        var tally = new EstimationTally();
        using Mat photo = Input.FrameInput.ReadImage(ModelFiles.RequirePersonPhoto());
        using var wall = new Mat(200, 200, MatType.CV_8UC3, new Scalar(120, 120, 120));
        using IPoseSource source = PoseSources.Estimator(Lite with { WholeFrameFallback = true }, independentFrames: true, tally);

        using (var a = new DecodedFrame(0, TimeSpan.Zero, photo.Clone(), "person.jpg"))
        using (var b = new DecodedFrame(1, TimeSpan.Zero, wall.Clone(), "wall.png"))
        using (var c = new DecodedFrame(2, TimeSpan.Zero, photo.Clone(), "again.jpg"))
        {
            Assert.False(source.PoseOf(a).IsEmpty);
            Assert.True(source.PoseOf(b).IsEmpty);
            Assert.False(source.PoseOf(c).IsEmpty);
        }

        Assert.Equal(3, tally.Frames);
        Assert.Equal(["wall.png"], tally.NoPerson);
        Assert.Equal(2, tally.FramesWithPerson);
        Assert.Equal(2, tally.Detections); // each photo found afresh, never tracked from the wall
    }

    private string KeypointFolder(string name, int frames)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        for (int i = 0; i < frames; i++)
        {
            OpenPoseJson.Write(Path.Combine(folder, OpenPoseJson.FrameFileName("clip", i)), [TestPoses.Standing(cx: 100 + i)]);
        }

        return folder;
    }
}
