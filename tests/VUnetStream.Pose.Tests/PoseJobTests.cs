using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Encode;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Jobs;

namespace VUnetStream.Pose.Tests;

/// <summary>The pose job end to end on small made-up videos and on image folders (needs ./scripts/setup.sh).</summary>
public sealed class PoseJobTests : IDisposable
{
    private static readonly PoseEstimatorOptions Lite = new() { Model = BlazePoseModel.Lite };
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-pose-job").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A 320×240 view sliding right across person.jpg: the person is centred first, then leaves on the left.
    private async Task<string> PanningVideoAsync(int frames)
    {
        using Mat photo = FrameInput.ReadImage(ModelFiles.RequirePersonPhoto());
        string path = Path.Combine(_dir, "pan.mp4");
        await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = 320, Height = 240, Fps = 10 });
        for (int i = 0; i < frames; i++)
        {
            int x = 70 + i * (250 / (frames - 1));
            using var view = new Mat(photo, new Rect(x, 100, 320, 300));
            using var small = view.Resize(new Size(320, 240));
            small.GetArray(out Vec3b[] pixels);
            await writer.WriteFrameAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
        }

        await writer.CompleteAsync();
        return path;
    }

    [Fact]
    public async Task Video_PersonLeavingTheFrame_WritesEveryFrameAndMarksTheEmptyOnes()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string video = await PanningVideoAsync(8);
        string output = Path.Combine(_dir, "out");

        PoseJobSummary summary = await PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = output, Estimator = Lite });

        Assert.Equal(8, summary.Frames);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(output, "keypoints"), "*_keypoints.json").Length);
        Assert.True(File.Exists(Path.Combine(output, "overlay.mp4")));
        Assert.NotEmpty(OpenPoseJson.Read(Path.Combine(output, "keypoints", OpenPoseJson.FrameFileName("pan", 0))));
        Assert.Contains("frame 7", summary.NoPerson);
        Assert.Empty(OpenPoseJson.Read(Path.Combine(output, "keypoints", OpenPoseJson.FrameFileName("pan", 7))));
        using var overlay = new VideoCapture(Path.Combine(output, "overlay.mp4"));
        Assert.Equal(8, overlay.FrameCount);
    }

    [Fact]
    public async Task ImageFolder_WritesJsonAndOverlayPerImageInOrder()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string images = Directory.CreateDirectory(Path.Combine(_dir, "images")).FullName;
        using (Mat photo = FrameInput.ReadImage(ModelFiles.RequirePersonPhoto()))
        {
            for (int i = 0; i < 3; i++)
            {
                using var view = new Mat(photo, new Rect(100 + 10 * i, 60, 260, 340));
                Cv2.ImWrite(Path.Combine(images, $"p{i}.png"), view);
            }
        }

        using (var blank = new Mat(200, 200, MatType.CV_8UC3, new Scalar(128, 128, 128)))
        {
            Cv2.ImWrite(Path.Combine(images, "z_empty.png"), blank);
        }

        string output = Path.Combine(_dir, "out");
        PoseJobSummary summary = await PoseJob.RunAsync(new PoseJobOptions { Input = images, Output = output, Estimator = Lite });

        Assert.Equal(4, summary.Frames);
        Assert.Equal(["z_empty.png"], summary.NoPerson);
        for (int i = 0; i < 3; i++)
        {
            var people = OpenPoseJson.Read(Path.Combine(output, "keypoints", $"p{i}_keypoints.json"));
            Assert.Single(people);
            Assert.True(people[0].PresentCount >= 10);
            Assert.True(File.Exists(Path.Combine(output, "overlay", $"p{i}.png")));
        }
    }

    [Fact]
    public async Task Video_WithTargetPhotoAndGlobalRetargeting_WritesPosesStandingOnTheTargetsFootLine()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string video = await PanningVideoAsync(5);
        string output = Path.Combine(_dir, "out");

        PoseJobSummary summary = await PoseJob.RunAsync(new PoseJobOptions
        {
            Input = video, Output = output, Estimator = Lite, TargetPhoto = ModelFiles.PersonPhoto, Retarget = Retargeting.RetargetMode.Global,
        });

        Assert.NotNull(summary.RetargetedFolder);
        string[] files = Directory.GetFiles(summary.RetargetedFolder, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, files.Length);
        Assert.True(File.Exists(Path.Combine(output, "retargeted.mp4")));
        // The target in person.jpg stands with the feet near y = 360; the fitted dancer must too.
        var first = OpenPoseJson.Read(files[0]).Single();
        float foot = Math.Max(first[Core.Keypoints.Coco18.RAnkle].Y, first[Core.Keypoints.Coco18.LAnkle].Y);
        Assert.InRange(foot, 330f, 390f);
    }

    [Fact]
    public async Task ZeroLengthVideo_FailsNamingTheFileAndLeavesNoOutput()
    {
        string video = Path.Combine(_dir, "empty.mp4");
        await File.WriteAllBytesAsync(video, []);
        string output = Path.Combine(_dir, "out");

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = output, Estimator = Lite }));

        Assert.Contains("empty.mp4", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task CorruptVideo_FailsNamingTheFileAndLeavesNoOutput()
    {
        string video = Path.Combine(_dir, "corrupt.mp4");
        var rng = new Random(5);
        byte[] junk = new byte[20000];
        rng.NextBytes(junk);
        await File.WriteAllBytesAsync(video, junk);
        string output = Path.Combine(_dir, "out");

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = output, Estimator = Lite }));

        Assert.Contains("corrupt.mp4", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir, "*out*"));
    }

    [Fact]
    public async Task MissingInput_FailsNamingThePath()
    {
        string missing = Path.Combine(_dir, "nope.mp4");

        FileNotFoundException ex = await Assert.ThrowsAsync<FileNotFoundException>(() => PoseJob.RunAsync(new PoseJobOptions { Input = missing, Output = Path.Combine(_dir, "o") }));

        Assert.Contains("nope.mp4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Video_WithNoPersonAnywhere_CompletesWithEveryFrameMarked()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string video = Path.Combine(_dir, "wall.mp4");
        await using (FfmpegVideoWriter writer = FfmpegVideoWriter.Start(video, new VideoEncodeOptions { Width = 160, Height = 120, Fps = 10 }))
        {
            for (int i = 0; i < 5; i++)
            {
                byte[] frame = new byte[160 * 120 * 3];
                Array.Fill(frame, (byte)(100 + 5 * i));
                await writer.WriteFrameAsync(frame);
            }

            await writer.CompleteAsync();
        }

        PoseJobSummary summary = await PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = Path.Combine(_dir, "out"), Estimator = Lite });

        Assert.Equal(5, summary.Frames);
        Assert.Equal(0, summary.FramesWithPerson);
        Assert.Equal(5, summary.NoPerson.Count);
    }
}
