using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Segmentation;
using VUnetStream.Synth.Output;
using VUnetStream.Synth.Rendering;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Pose.Tests;

/// <summary><c>vunet segment</c>'s job and <c>vunet segment-eval</c>'s evaluation on small synthetic folders.</summary>
public sealed class SegmentationJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-segment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A folder like a synth dataset split: images/ + masks/ (the rendered mattes) of the first two people.
    private string WriteSplit(int images)
    {
        string root = Path.Combine(_dir, "data", "test");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "masks"));
        int i = 0;
        foreach (RenderedPerson person in SynthPeople.Render(images))
        {
            using (person)
            {
                string name = $"img{i++}.png";
                Cv2.ImWrite(Path.Combine(root, "images", name), person.Image);
                Cv2.ImWrite(Path.Combine(root, "masks", name), person.Matte);
            }
        }

        return Path.Combine(_dir, "data");
    }

    [Fact]
    public void Evaluation_OnSyntheticImages_ScoresTheMaskAboveThePoseOnlyBaselines()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string data = WriteSplit(2);

        SegmentationEvaluation.Result result = SegmentationEvaluation.Run(data, new PoseEstimatorOptions { Model = BlazePoseModel.Lite });

        Assert.Equal(2, result.Count);
        Assert.Equal(0, result.NoPerson);
        SegmentationEvaluation.MethodSummary Method(string name) => result.Methods.Single(m => m.Name == name);
        Assert.True(Method(SegmentationEvaluation.BlazePose).MeanIou > Method(SegmentationEvaluation.Stickman).MeanIou + 0.1);
        Assert.True(Method(SegmentationEvaluation.Stickman).MeanIou > Method(SegmentationEvaluation.PoseBox).MeanIou);
    }

    [Fact]
    public void Evaluation_FolderWithoutMasks_FailsSayingWhatLayoutItNeeds()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "images"));

        DirectoryNotFoundException ex = Assert.Throws<DirectoryNotFoundException>(() => SegmentationEvaluation.Run(_dir, new PoseEstimatorOptions()));

        Assert.Contains("masks/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("synth dataset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_ImageWithoutItsMask_FailsNamingTheMask()
    {
        string data = WriteSplit(1);
        File.Delete(Path.Combine(data, "test", "masks", "img0.png"));

        FileNotFoundException ex = Assert.Throws<FileNotFoundException>(() => SegmentationEvaluation.Run(data, new PoseEstimatorOptions()));

        Assert.Contains(Path.Combine("masks", "img0.png"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_OnAnImageFolder_WritesAMaskPerImage_AnEmptyOneWhereNobodyIs_AndOverlays()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string images = Path.Combine(WriteSplit(1), "test", "images");
        using (var wall = new Mat(200, 200, MatType.CV_8UC3))
        {
            Cv2.Randu(wall, new Scalar(90, 90, 90), new Scalar(110, 110, 110));
            Cv2.ImWrite(Path.Combine(images, "wall.png"), wall);
        }

        string output = Path.Combine(_dir, "out");
        SegmentJobSummary summary = await SegmentJob.RunAsync(new SegmentJobOptions
        {
            Input = images, Output = output, Estimator = new PoseEstimatorOptions { Model = BlazePoseModel.Lite }, Overlay = true,
        });

        Assert.Equal(2, summary.Frames);
        Assert.Equal(["wall.png"], summary.NoPerson);
        using Mat person = Cv2.ImRead(Path.Combine(output, "masks", "img0.png"), ImreadModes.Unchanged);
        using Mat wallMask = Cv2.ImRead(Path.Combine(output, "masks", "wall.png"), ImreadModes.Unchanged);
        Assert.Equal(MatType.CV_8UC1, person.Type());
        Assert.True(Cv2.CountNonZero(person) > 0.05 * person.Total());
        Assert.Equal(0, Cv2.CountNonZero(wallMask));
        Assert.True(File.Exists(Path.Combine(output, "overlay", "img0.png")));
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
    }

    [Fact]
    public async Task Job_IntoANonEmptyFolder_IsRefusedWithoutOverwrite()
    {
        string images = Path.Combine(WriteSplit(1), "test", "images");
        string output = Directory.CreateDirectory(Path.Combine(_dir, "taken")).FullName;
        File.WriteAllText(Path.Combine(output, "mine.txt"), "keep");

        await Assert.ThrowsAnyAsync<IOException>(() => SegmentJob.RunAsync(new SegmentJobOptions { Input = images, Output = output }));

        Assert.Equal("keep", File.ReadAllText(Path.Combine(output, "mine.txt")));
    }

    [Fact]
    public void EvaluationReportAndJobSummary_KeepTheJsonKeyRules()
    {
        var result = new SegmentationEvaluation.Result("images", "masks", 2, 0,
            [new SegmentationEvaluation.MethodSummary(SegmentationEvaluation.BlazePose, 0.9, 0.9, 1.0, 0.95)], [("a.png", new MaskScore(0.9, 0.95))], 1.5);
        var report = new MeasurementReport("segment-eval");
        result.Report(report);
        JsonObject summary = SegmentJob.SummaryJson(new SegmentJobOptions { Input = "in", Output = "out" }, FrameInputKind.ImageFolder, 3, ["x.png"], 2.0);

        foreach (JsonObject json in new[] { report.ToJson(), summary })
        {
            JsonKeyRules.AssertUnitsFreeKeys(json);
            JsonKeyRules.AssertNumbersHaveUnits(json);
        }
    }

    [Fact]
    public async Task Job_OnAVideo_TracksTheDancer_AndWritesOneMaskPerFrameAndAnOverlayVideo()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string clip = Path.Combine(_dir, "clip");
        ClipResult made = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 0.6, Size = 256, Fps = 10, Seed = 3 });
        string output = Path.Combine(_dir, "video-out");

        SegmentJobSummary summary = await SegmentJob.RunAsync(new SegmentJobOptions
        {
            Input = Path.Combine(clip, ClipGenerator.VideoFile), Output = output, Estimator = new PoseEstimatorOptions { Model = BlazePoseModel.Lite }, Overlay = true,
        });

        Assert.Equal(FrameInputKind.Video, summary.Kind);
        Assert.Equal(made.Frames, summary.Frames);
        string[] masks = Directory.GetFiles(Path.Combine(output, SegmentJob.MaskFolderName), "*.png").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(made.Frames, masks.Length);
        Assert.EndsWith("dancer_000000.png", masks[0], StringComparison.Ordinal);
        Assert.True(summary.FramesWithPerson > 0, "the synthetic dancer was found in no frame");
        Assert.True(new FileInfo(Path.Combine(output, "overlay.mp4")).Length > 0);
    }
}
