using System.Text.Json.Nodes;
using VUnetStream.Application.PersonVideo;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Ingest;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Application.Tests;

/// <summary><c>personalize --video</c> and <c>eval-video</c> on a short synthetic clip with the tiny alpha model.</summary>
public sealed class PersonVideoTests(PersonVideoFixture run) : IClassFixture<PersonVideoFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-person-video-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Personalize_WritesAModelFolder_ThatTransferVideoTakesAsItsCheckpoint()
    {
        Assert.Equal(PersonVideoFixture.Steps, run.Result.Step);
        Checkpoint latest = Checkpoint.Resolve(run.ModelDir);
        Assert.Equal(PersonVideoFixture.Steps, latest.Step);
        using var service = new TransferService();
        using var metrics = new PipelineMetrics();

        JobSummary summary = await service.RunAsync(ClipJobRequests.For(run.ClipDir, Path.Combine(_dir, "out.mp4"), run.ModelDir), metrics, _ => { });

        Assert.True(summary.Frames > 0);
        Assert.True(new FileInfo(Path.Combine(_dir, "out.mp4")).Length > 0);
    }

    [Fact]
    public void Personalize_StopsWithUntil_AndResumeContinuesTheSameRunToItsEnd()
    {
        Assert.Equal(PersonVideoFixture.Steps / 2, run.FirstSession.Step);
        Assert.Equal(PersonVideoFixture.Steps, run.FirstSession.TotalSteps);
        string[] log = File.ReadAllLines(Path.Combine(run.ModelDir, "loss.jsonl"));
        Assert.Equal(PersonVideoFixture.Steps, JsonNode.Parse(log[^1])!["step"]!.GetValue<long>());
    }

    [Fact]
    public void Personalize_NeverPutsAHeldOutFrameIntoTheTrainingData_AndRecordsTheSplit()
    {
        PersonalizeManifest manifest = PersonalizeManifest.Read(run.ModelDir)!;
        int start = (int)Math.Floor(PersonVideoFixture.ClipFrames * (1 - PersonVideoFixture.Holdout));
        Assert.Equal(start, manifest.Split.HoldoutStart);
        Assert.Equal(PersonVideoFixture.ClipFrames, manifest.Video.Frames);
        Assert.Equal(start, manifest.Frames.Read);
        IReadOnlyList<(string Name, PersonPose Pose)> entries = BenchmarkCsv.Read(Path.Combine(run.ModelDir, PersonVideoDataset.Folder, "annotations.csv"));
        Assert.NotEmpty(entries);
        Assert.Equal(manifest.Frames.Kept, entries.Count);
        Assert.All(entries, e => Assert.InRange(PersonVideoDataset.FrameIndex(e.Name)!.Value, 0, start - 1));
        string[] images = Directory.GetFiles(Path.Combine(run.ModelDir, PersonVideoDataset.Folder, "images"));
        Assert.All(images, i => Assert.True(PersonVideoDataset.FrameIndex(Path.GetFileName(i)) < start, $"{i} is a held-out frame"));
        Assert.Equal(images.Length, Directory.GetFiles(Path.Combine(run.ModelDir, PersonVideoDataset.Folder, "masks")).Length);
        JsonKeyRules.AssertUnitsFreeKeys(JsonNode.Parse(File.ReadAllText(Path.Combine(run.ModelDir, PersonalizeManifest.FileName)))!);
    }

    [Fact]
    public void EvalVideo_ScoresThePersonalizeSplit_WritingEveryKeyFinite_AndTheSideBySide()
    {
        JsonObject json = run.Personalised.ToJson();
        string[] keys =
        [
            "frame_ssim", "frame_psnr", "person_box_ssim", "person_box_l1", "part_colour_error", "redetection_error_px",
            "redetection_error_height_fraction", "holdout_frames", "plate_frame_ssim", "first_frame_person_box_l1", "real_frame_redetection_error",
        ];
        foreach (string key in keys)
        {
            Assert.True(json[key] is JsonValue value && double.IsFinite(value.GetValue<double>()), $"{key} is missing or not finite: {json[key]}");
        }

        int start = (int)Math.Floor(PersonVideoFixture.ClipFrames * (1 - PersonVideoFixture.Holdout));
        Assert.Equal(start, json["holdout_start_frame"]!.GetValue<double>());
        Assert.Equal(PersonVideoFixture.ClipFrames - start, json["holdout_frames"]!.GetValue<double>());
        Assert.True(json["scored_frames"]!.GetValue<double>() >= 1);
        Assert.Equal(json["redetection_error"]!.GetValue<double>(), json["redetection_error_px"]!.GetValue<double>());
        Assert.All(json.Select(p => p.Key).Where(k => k != "redetection_error_px" && k != "units"), k => Assert.Null(JsonKeyRules.ProblemWith(k)));
        JsonKeyRules.AssertNumbersHaveUnits(json);
        Assert.Contains("appearance frame copied", SelfReenactment.ComparisonTable(run.Personalised), StringComparison.Ordinal);

        using VideoSource video = VideoSource.Open(run.SideBySide);
        Assert.Equal(PersonVideoFixture.ClipFrames - start, video.ReadFrames().Count(f => { f.Dispose(); return true; }));
        Assert.Equal(2 * json["eval_width"]!.GetValue<double>(), video.Info.Width);
    }

    [Fact]
    public void APersonalisedTinyModel_BeatsTheUnpersonalisedOne_OnItsPersonsHeldOutFrames()
    {
        double Value(MeasurementReport report, string key) => report.ToJson()[key]!.GetValue<double>();

        Assert.Equal(Value(run.Unpersonalised, "holdout_start_frame"), Value(run.Personalised, "holdout_start_frame"));
        Assert.True(Value(run.Personalised, "part_colour_error") < Value(run.Unpersonalised, "part_colour_error"),
            $"part-colour error personalised {Value(run.Personalised, "part_colour_error")}, not personalised {Value(run.Unpersonalised, "part_colour_error")}");
        Assert.True(Value(run.Personalised, "person_box_l1") < Value(run.Unpersonalised, "person_box_l1"),
            $"person-box L1 personalised {Value(run.Personalised, "person_box_l1")}, not personalised {Value(run.Unpersonalised, "person_box_l1")}");
    }

    [Fact]
    public async Task EvalVideo_WithAHoldoutOtherThanThePersonalizeSplit_IsRefusedNamingBoth()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            SelfReenactment.RunAsync(new EvalVideoRequest { VideoPath = run.Video, Checkpoint = run.ModelDir, Holdout = 0.5 }));

        Assert.Contains("--holdout 0.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personalize_OfAVideoWithNoPerson_FailsSayingSo_AndLeavesNoFolder()
    {
        string noise = await DefectVideos.NoiseAsync(Path.Combine(_dir, "noise.mp4"), 8, 10);
        string outDir = Path.Combine(_dir, "nobody");

        var error = Assert.Throws<InvalidDataException>(() => VideoPersonalizer.Run(
            new PersonalizeVideoRequest { VideoPath = noise, OutDir = outDir, From = run.BaseModel, Steps = 2, Estimator = PersonVideoFixture.Estimator }, CancellationToken.None));

        Assert.Contains("no frame of", error.Message, StringComparison.Ordinal);
        Assert.Contains("shows a person", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(Directory.GetDirectories(_dir, ".nobody*"));
    }

    [Fact]
    public void Personalize_IntoAFolderThatHoldsSomething_IsRefusedWithoutOverwrite_AndLeavesItAlone()
    {
        string taken = Directory.CreateDirectory(Path.Combine(_dir, "taken")).FullName;
        File.WriteAllText(Path.Combine(taken, "mine.txt"), "keep");

        var error = Assert.Throws<IOException>(() => VideoPersonalizer.Run(
            new PersonalizeVideoRequest { VideoPath = run.Video, OutDir = taken, From = run.BaseModel, Steps = 2, Estimator = PersonVideoFixture.Estimator }, CancellationToken.None));

        Assert.Contains("--overwrite", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine.txt", Path.GetFileName(Assert.Single(Directory.GetFileSystemEntries(taken))));
    }
}
