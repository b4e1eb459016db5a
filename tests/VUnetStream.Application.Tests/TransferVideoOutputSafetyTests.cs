using VUnetStream.Tests.Shared;
using System.Globalization;
using VUnetStream.Application;
using VUnetStream.Core.IO;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Synth.Output;

namespace VUnetStream.Application.Tests;

/// <summary>transfer-video never replaces a file it did not write in this run (issue 10), with the tiny model.</summary>
public sealed class TransferVideoOutputSafetyTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-safety-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TransferVideo_KeypointsOutIsTheWorkingFolder_IsRefusedBeforeAnyWorkAndEveryFileSurvives()
    {
        string work = await WorkingFolderAsync();
        string notes = Path.Combine(work, "notes.txt");
        File.WriteAllText(notes, "my notes");
        Dictionary<string, byte[]> before = Snapshot(work);
        TransferVideoRequest request = ClipJobRequests.For(work, Path.Combine(work, "out.mp4"), model.CheckpointPath) with { KeypointsOut = work, Overwrite = true };
        using var metrics = new PipelineMetrics();

        IOException error = await Assert.ThrowsAsync<IOException>(() => TransferVideoJob.RunAsync(request, metrics));

        Assert.Contains("--keypoints-out", error.Message, StringComparison.Ordinal);
        Assert.Contains("contains the input --video", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(work));
        Assert.Empty(metrics.Snapshot());
    }

    [Fact]
    public async Task TransferVideo_OutIsTheVideo_IsRefusedEvenWithOverwriteAndTheVideoIsUnchanged()
    {
        string work = await WorkingFolderAsync();
        Dictionary<string, byte[]> before = Snapshot(work);
        string video = Path.Combine(work, ClipGenerator.VideoFile);
        TransferVideoRequest request = ClipJobRequests.For(work, video, model.CheckpointPath) with { Overwrite = true };

        IOException error = await Assert.ThrowsAsync<IOException>(() => TransferVideoJob.RunAsync(request, new PipelineMetrics()));

        Assert.Contains($"--out '{video}' is the input --video", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(work));
    }

    [Fact]
    public async Task TransferVideo_JsonIsThePhoto_IsRefusedBeforeTheJobStarts()
    {
        string work = await WorkingFolderAsync();
        TransferVideoRequest request = ClipJobRequests.For(work, Path.Combine(_dir, "out.mp4"), model.CheckpointPath);

        IOException error = Assert.Throws<IOException>(() =>
            TransferVideoJob.CheckPaths(request, NamedOutput.File("--json", request.PhotoPath)));

        Assert.Contains("is the input --photo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransferVideo_IntoAnExistingOutput_KeepsItWithoutOverwriteAndReplacesItWithOverwrite()
    {
        string work = await WorkingFolderAsync();
        string output = Path.Combine(_dir, "out.mp4");
        File.WriteAllText(output, "an older video the user keeps");
        TransferVideoRequest request = ClipJobRequests.For(work, output, model.CheckpointPath);

        IOException error = await Assert.ThrowsAsync<IOException>(() => TransferVideoJob.RunAsync(request, new PipelineMetrics()));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("an older video the user keeps", File.ReadAllText(output));

        using var metrics = new PipelineMetrics();
        JobSummary summary = await TransferVideoJob.RunAsync(request with { Overwrite = true }, metrics);
        Assert.Equal(summary.Frames, MediaProbe.Probe(output).FrameCount);
    }

    [Fact]
    public async Task TransferVideo_KeypointsOutIsANonEmptyFolder_IsRefusedAndItsFilesSurvive()
    {
        string work = await WorkingFolderAsync();
        string keypoints = Path.Combine(_dir, "kp");
        Directory.CreateDirectory(keypoints);
        File.WriteAllText(Path.Combine(keypoints, "mine.json"), "{}");
        TransferVideoRequest request = ClipJobRequests.For(work, Path.Combine(_dir, "out.mp4"), model.CheckpointPath) with { KeypointsOut = keypoints };

        IOException error = await Assert.ThrowsAsync<IOException>(() => TransferVideoJob.RunAsync(request, new PipelineMetrics()));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(["mine.json"], Directory.GetFiles(keypoints).Select(Path.GetFileName));
        Assert.False(File.Exists(request.OutputPath));
    }

    [Fact]
    public async Task TransferVideo_IntoAFolderWithTemporariesOfAKilledRun_RemovesThemAndWritesTheOutput()
    {
        string work = await WorkingFolderAsync();
        string dead = (int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        string staleVideo = Path.Combine(_dir, $".out.partial-{dead}.mp4"), staleKeypoints = Path.Combine(_dir, $".kp.partial-{dead}");
        File.WriteAllText(staleVideo, "half a video");
        Directory.CreateDirectory(staleKeypoints);
        TransferVideoRequest request = ClipJobRequests.For(work, Path.Combine(_dir, "out.mp4"), model.CheckpointPath) with { KeypointsOut = Path.Combine(_dir, "kp") };

        await TransferVideoJob.RunAsync(request, new PipelineMetrics());

        Assert.Equal(["kp", "out.mp4", "w"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>A folder as a user has it: the dancer video, the photo and their keypoints side by side.</summary>
    private async Task<string> WorkingFolderAsync()
    {
        string work = Path.Combine(_dir, "w");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = work, Seconds = 0.5, Size = 64, Fps = 10, Seed = 3 });
        return work;
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
}
