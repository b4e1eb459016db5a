using System.Text.Json.Nodes;
using VUnetStream.Synth.Output;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests;

/// <summary>How the real program reports usage mistakes and writes JSON (issue 10: one consistent command line).</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TransferVideo_WithANonNumericBatch_ExitsWith2WithPlainWordsAndTheUsageLineNotTheHelp()
    {
        (int code, string stdout, string stderr) = VunetProcess.Run(_dir, "transfer-video", "--video", "v.mp4", "--photo", "p.png", "--out", "o.mp4", "--batch", "abc");

        Assert.Equal(2, code);
        Assert.Contains("'abc' for option '--batch' as a whole number", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: vunet transfer-video --video VIDEO --photo PHOTO --out OUT [options]", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void TransferVideo_WithAnUnknownLayout_ExitsWith2NamingTheValueAndTheChoices()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir, "transfer-video", "--video", "v.mp4", "--photo", "p.png", "--out", "o.mp4", "--layout", "sideways");

        Assert.Equal(2, code);
        Assert.Contains("unknown layout 'sideways' (use result or side-by-side)", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: vunet transfer-video", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Vunet_WithoutACommand_ExitsWith2()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir);

        Assert.Equal(2, code);
        Assert.Contains("usage: vunet COMMAND [options]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithATypoInTheConfigsModelSection_FailsNamingTheKeyAndTheFileBeforeAnyWork()
    {
        string config = Path.Combine(_dir, "typo.json");
        File.WriteAllText(config, """{"model": {"image_size": 32, "base_filters": 8, "max_filters": 16, "dropuot": 0.2}, "training": {"steps": 2}}""");

        (int code, _, string stderr) = VunetProcess.Run(_dir, "train", "--data", "no-data", "--config", config, "--out", "run");

        Assert.Equal(1, code);
        Assert.Contains($"{config} (model): unknown key 'dropuot' (did you mean 'dropout'?", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "run")));
    }

    [Fact]
    public async Task TransferVideo_WithJsonDash_WritesOnlyTheJsonToStdoutWithTheSettingsAndTheVersion()
    {
        string clip = Path.Combine(_dir, "clip");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 0.4, Size = 64, Fps = 10, Seed = 2 });

        // --size is the old spelling of --output-height: it still works and the JSON says it was used.
        (int code, string stdout, string stderr) = VunetProcess.Run(clip, "transfer-video", "--video", ClipGenerator.VideoFile,
            "--photo", ClipGenerator.PersonFile, "--photo-keypoints", ClipGenerator.PersonKeypointsFile,
            "--keypoints", ClipGenerator.KeypointFolder, "--out", "out.mp4", "--size", "128", "--json", "-");

        Assert.True(code == 0, stderr);
        JsonObject json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal("transfer-video", (string?)json["command"]);
        Assert.False(string.IsNullOrEmpty((string?)json["vunet_version"]));
        Assert.Equal(ClipGenerator.VideoFile, (string?)json["settings"]!["video"]);
        Assert.Equal("full", (string?)json["settings"]!["pose_model"]);
        Assert.Equal(128, (int?)json["settings"]!["size"]);
        Assert.Equal(4, (int?)json["frames"]);

        // Keys name quantities, not units; the units object says them (settings' keys are option names).
        JsonKeyRules.AssertUnitsFreeKeys(json, "settings");
        JsonKeyRules.AssertNumbersHaveUnits(json);
        Assert.True((double?)json["duration"] > 0);
        Assert.Equal("s", (string?)json["units"]!["duration"]);
        Assert.Equal("frames/s", (string?)json["units"]!["pipeline_frame_rate"]);
        Assert.Equal("s", (string?)json["units"]!["first_frame_latency"]);
        Assert.Contains("motion transfer:", stderr, StringComparison.Ordinal);
    }
}
