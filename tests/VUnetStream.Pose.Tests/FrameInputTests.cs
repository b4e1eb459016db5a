using VUnetStream.Tests.Shared;
using OpenCvSharp;
using VUnetStream.Ingest;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Tests;

/// <summary>The pose inputs as Ingest's one frame type: names, order, and the pipeline's truncation check.</summary>
public sealed class FrameInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-frame-input").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ImageFolder_YieldsDecodedFramesNamedAfterTheirFilesInNameOrder()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        foreach (string name in new[] { "b.png", "a.png" })
        {
            using var image = new Mat(20, 30, MatType.CV_8UC3, Scalar.All(90));
            Cv2.ImWrite(Path.Combine(folder, name), image);
        }

        using FrameInput input = FrameInput.Open(folder);
        List<DecodedFrame> frames = input.Read().ToList();
        try
        {
            Assert.Equal(FrameInputKind.ImageFolder, input.Kind);
            Assert.Equal([0, 1], frames.Select(f => f.Index));
            Assert.Equal(["a.png", "b.png"], frames.Select(f => f.Name));
            Assert.Equal("a_keypoints.json", input.KeypointFileName(frames[0]));
            Assert.All(frames, f => Assert.Equal(new Size(30, 20), f.Image.Size()));
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Video_YieldsFramesNamedByIndexWithTheirTimes()
    {
        string video = await DefectVideos.NoiseAsync(Path.Combine(_dir, "clip.mp4"), 5, 10);

        using FrameInput input = FrameInput.Open(video);
        List<DecodedFrame> frames = input.Read().ToList();
        try
        {
            Assert.Equal(["frame 0", "frame 1", "frame 2", "frame 3", "frame 4"], frames.Select(f => f.Name));
            Assert.Equal(TimeSpan.FromSeconds(0.3), frames[3].Timestamp);
            Assert.Equal(5, input.FramesRead);
            Assert.False(input.EndedEarly);
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task TruncatedVideo_FailsAtItsEndWithTheDecodeStagesMessage()
    {
        string video = await DefectVideos.TruncatedAsync(Path.Combine(_dir, "cut.mp4"), 50, 25);
        using FrameInput input = FrameInput.Open(video);
        int read = 0;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (DecodedFrame frame in input.Read())
            {
                frame.Dispose();
                read++;
            }
        });

        Assert.Equal(
            DecodeCompleteness.Describe(video, 50, read) + "; nothing was written (pass --allow-partial to keep the frames that decode)",
            error.Message);
    }

    [Fact]
    public async Task TruncatedVideoWithAllowPartial_GivesTheFramesThatDecodeAndSaysItEndedEarly()
    {
        string video = await DefectVideos.TruncatedAsync(Path.Combine(_dir, "cut.mp4"), 50, 25);
        using FrameInput input = FrameInput.Open(video, allowPartial: true);

        int read = 0;
        foreach (DecodedFrame frame in input.Read())
        {
            frame.Dispose();
            read++;
        }

        Assert.InRange(read, 1, 25);
        Assert.Equal(read, input.FramesRead);
        Assert.Equal(50, input.Count);
        Assert.True(input.EndedEarly);
    }
}
