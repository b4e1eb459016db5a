using VUnetStream.Tests.Shared;
using System.Text.RegularExpressions;
using VUnetStream.Synth.Output;

namespace VUnetStream.Cli.Tests;

/// <summary><c>vunet pose</c> on a video checks it as transfer-video does (issue 11), through the real program.</summary>
public sealed class PoseCommandTests : IDisposable
{
    private const string AllowPartialHelp =
        "--allow-partial A video that ends before its announced frame count (truncated) gives a shorter output and a warning instead of an error";

    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-pose-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PoseAndTransferVideoHelp_DescribeAllowPartialInTheSameWords()
    {
        (int poseCode, string poseHelp, _) = VunetProcess.Run(_dir, "pose", "--help");
        (int transferCode, string transferHelp, _) = VunetProcess.Run(_dir, "transfer-video", "--help");

        Assert.Equal(0, poseCode);
        Assert.Equal(0, transferCode);
        Assert.Contains(AllowPartialHelp, OneLine(poseHelp), StringComparison.Ordinal);
        Assert.Contains(AllowPartialHelp, OneLine(transferHelp), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pose_OnATruncatedVideo_FailsWithBothCounts_AndWithAllowPartialWarnsAndWritesTheDecodedFrames()
    {
        string clip = Path.Combine(_dir, "clip");
        ClipResult made = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 2, Size = 64, Fps = 25, Seed = 8 });
        string video = Path.Combine(clip, ClipGenerator.VideoFile);
        DefectVideos.Truncate(video);

        (int failed, _, string error) = VunetProcess.Run(_dir, "pose", "--input", video, "--out", "strict", "--pose-model", "lite");
        (int kept, string stdout, string warning) = VunetProcess.Run(_dir, "pose", "--input", video, "--out", "partial", "--pose-model", "lite", "--allow-partial");

        Assert.Equal(1, failed);
        Assert.Contains($"of the {made.Frames} frames", error, StringComparison.Ordinal);
        Assert.Contains("pass --allow-partial", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "strict")));

        Assert.True(kept == 0, warning);
        Match counts = Regex.Match(warning, $@"vunet: warning: video '.*' ended after (\d+) of the {made.Frames} frames");
        Assert.True(counts.Success, warning);
        int decoded = int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(decoded, 1, made.Frames / 2);
        Assert.StartsWith($"{decoded} frames,", stdout, StringComparison.Ordinal);
        Assert.Equal(decoded, Directory.GetFiles(Path.Combine(_dir, "partial", "keypoints"), "*.json").Length);
    }

    [Fact]
    public async Task PoseEval_OnATruncatedClip_FailsWithBothCounts_AndWithAllowPartialMeasuresTheDecodedFrames()
    {
        string clip = Path.Combine(_dir, "clip");
        ClipResult made = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 2, Size = 64, Fps = 25, Seed = 9 });
        string video = Path.Combine(clip, ClipGenerator.VideoFile);
        DefectVideos.Truncate(video);

        (int failed, _, string error) = VunetProcess.Run(_dir, "pose-eval", "--clip", video, "--model", "lite", "--json", "strict.json");
        (int kept, _, string warning) = VunetProcess.Run(_dir, "pose-eval", "--clip", video, "--model", "lite", "--allow-partial", "--json", "partial.json");

        Assert.Equal(1, failed);
        Assert.Contains($"of the {made.Frames} frames", error, StringComparison.Ordinal);
        Assert.Contains("pass --allow-partial", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "strict.json")));
        Assert.True(kept == 0, warning);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "partial.json")));
        int frames = (int)json.RootElement.GetProperty("frames").GetDouble();
        Assert.InRange(frames, 1, made.Frames / 2);
    }

    [Fact]
    public async Task Segment_OnATruncatedVideo_FailsWithBothCounts_AndWithAllowPartialWarnsAndWritesTheDecodedFramesMasks()
    {
        string clip = Path.Combine(_dir, "clip");
        ClipResult made = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 2, Size = 64, Fps = 25, Seed = 10 });
        string video = DefectVideos.Truncate(Path.Combine(clip, ClipGenerator.VideoFile));

        (int failed, _, string error) = VunetProcess.Run(_dir, "segment", "--input", video, "--out", "strict", "--pose-model", "lite");
        (int kept, _, string warning) = VunetProcess.Run(_dir, "segment", "--input", video, "--out", "partial", "--pose-model", "lite", "--allow-partial");

        Assert.Equal(1, failed);
        Assert.Contains($"of the {made.Frames} frames", error, StringComparison.Ordinal);
        Assert.Contains("pass --allow-partial", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "strict")));
        Assert.True(kept == 0, warning);
        Match counts = Regex.Match(warning, $@"vunet: warning: video '.*' ended after (\d+) of the {made.Frames} frames");
        Assert.True(counts.Success, warning);
        int decoded = int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(decoded, 1, made.Frames / 2);
        Assert.Equal(decoded, Directory.GetFiles(Path.Combine(_dir, "partial", "masks"), "*.png").Length);
    }

    private static string OneLine(string help) => Regex.Replace(help, @"\s+", " ");
}
