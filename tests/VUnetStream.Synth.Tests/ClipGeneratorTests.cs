using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Output;
using VUnetStream.Synth.Stamp;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Synth.Tests;

public class ClipGeneratorTests
{
    [Fact]
    public async Task Clip_WritesVideoWithRightFrameCountAndFps_KeypointsPerFrame_AndATargetPhoto()
    {
        using var dir = new TempDir();
        var options = new ClipOptions { OutDir = dir.Combine("clip"), Seed = 3, Seconds = 2, Size = 96, Fps = 10, StampIndex = true };

        ClipResult result = await ClipGenerator.WriteAsync(options);

        Assert.Equal(20, result.Frames);
        string video = dir.Combine("clip", ClipGenerator.VideoFile);
        using (var capture = new VideoCapture(video))
        {
            Assert.True(capture.IsOpened());
            Assert.Equal(10, capture.Fps, 3);
            Assert.Equal(96, capture.FrameWidth);
            var indices = new List<int>();
            using var frame = new Mat();
            while (capture.Read(frame) && !frame.Empty())
            {
                Assert.True(FrameIndexStamp.TryRead(frame, out int index));
                indices.Add(index);
            }

            Assert.Equal(Enumerable.Range(0, 20), indices);
        }

        string[] keypointFiles = Directory.GetFiles(dir.Combine("clip", ClipGenerator.KeypointFolder));
        Assert.Equal(20, keypointFiles.Length);
        for (int i = 0; i < 20; i++)
        {
            PersonPose pose = Assert.Single(OpenPoseJson.Read(dir.Combine("clip", ClipGenerator.KeypointFolder, OpenPoseJson.FrameFileName("dancer", i))));
            Assert.True(pose.PresentCount > 0);
        }

        using Mat person = Cv2.ImRead(dir.Combine("clip", ClipGenerator.PersonFile));
        Assert.Equal(96, person.Rows);
        PersonPose target = Assert.Single(OpenPoseJson.Read(dir.Combine("clip", ClipGenerator.PersonKeypointsFile)));
        Assert.True(target.PresentCount >= 17, "the A-pose target photo shows the whole body from the front");
        JsonObject clipIndex = JsonNode.Parse(File.ReadAllText(dir.Combine("clip", ClipGenerator.IndexFile)))!.AsObject();
        JsonKeyRules.AssertUnitsFreeKeys(clipIndex);
        Assert.Equal(20, (int)clipIndex["frames"]!);
        Assert.Equal("s", (string?)clipIndex["units"]!["duration"]);
        Assert.Equal("frames/s", (string?)clipIndex["units"]!["frame_rate"]);
        Assert.Empty(Directory.GetDirectories(dir.Path, ".*partial*"));
    }

    [Fact]
    public async Task Clip_WithCameraZoom_HasFramesWithJointsMissingOutsideTheFrame_AndFullFrames()
    {
        using var dir = new TempDir();
        var options = new ClipOptions { OutDir = dir.Combine("clip"), Seed = 9, Seconds = 2.4, Size = 64, Fps = 10 };

        ClipResult result = await ClipGenerator.WriteAsync(options);

        var poses = Enumerable.Range(0, result.Frames)
            .Select(i => OpenPoseJson.Read(dir.Combine("clip", ClipGenerator.KeypointFolder, OpenPoseJson.FrameFileName("dancer", i)))[0])
            .ToList();
        Assert.Contains(poses, p => ClipGenerator.BodyJointOutOfFrame(p));
        Assert.Contains(poses, p => !ClipGenerator.BodyJointOutOfFrame(p));
        Assert.Equal(poses.Count(ClipGenerator.BodyJointOutOfFrame), result.FramesWithJointsOutOfFrame);

        // Missing joints are written as OpenPose does (0, 0, 0) and read back as missing.
        string text = File.ReadAllText(dir.Combine("clip", ClipGenerator.KeypointFolder,
            OpenPoseJson.FrameFileName("dancer", poses.FindIndex(ClipGenerator.BodyJointOutOfFrame))));
        Assert.Contains("0,0,0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clip_SameSeedTwice_GivesIdenticalKeypointsAndTargetPhoto()
    {
        using var dir = new TempDir();
        var a = new ClipOptions { OutDir = dir.Combine("a"), Seed = 5, Seconds = 0.5, Size = 64, Fps = 10 };
        await ClipGenerator.WriteAsync(a);
        await ClipGenerator.WriteAsync(a with { OutDir = dir.Combine("b") });

        foreach (string file in Directory.GetFiles(dir.Combine("a", ClipGenerator.KeypointFolder)).Append(dir.Combine("a", ClipGenerator.PersonFile)))
        {
            string twin = file.Replace(Path.DirectorySeparatorChar + "a" + Path.DirectorySeparatorChar, Path.DirectorySeparatorChar + "b" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(twin));
        }
    }
}
