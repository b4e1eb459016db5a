using System.Diagnostics;
using VUnetStream.Synth.Output;

namespace VUnetStream.Cli.Tests;

/// <summary>A real signal to a real <c>vunet transfer-video</c> mid-job: it stops cleanly and leaves nothing behind.</summary>
public sealed class InterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task TransferVideo_SignalledAfterItsFirstOutputFrames_ExitsWithTheSignalsCodeAndLeavesOnlyTheInputs(string signal, int expectedExitCode)
    {
        string work = Path.Combine(_dir, "w");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = work, Seconds = 8, Size = 128, Fps = 25, Seed = 9 });
        string[] inputs = Entries(work);
        var firstFrames = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using VunetProcess vunet = VunetProcess.Start(work,
        [
            "transfer-video", "--video", ClipGenerator.VideoFile, "--photo", ClipGenerator.PersonFile,
            "--photo-keypoints", ClipGenerator.PersonKeypointsFile, "--keypoints", ClipGenerator.KeypointFolder,
            "--out", "out.mp4", "--keypoints-out", "kp",
        ], line =>
        {
            // The progress line appears once the first frame has gone to ffmpeg.
            if (line.Contains(" frames ", StringComparison.Ordinal))
            {
                firstFrames.TrySetResult();
            }
        });
        Task started = await Task.WhenAny(firstFrames.Task, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(started == firstFrames.Task, "no output frame within 2 minutes: " + vunet.Stderr);
        Assert.True(Entries(work).Any(e => e.Contains(".partial-", StringComparison.Ordinal)), "the job was not writing yet");

        Assert.Equal("vunet", vunet.Name);
        vunet.Signal(signal);
        int code = vunet.WaitForExit(TimeSpan.FromMinutes(1));

        Assert.True(code == expectedExitCode, $"exit code {code}: {vunet.Stderr}");
        Assert.Equal(inputs, Entries(work));
        Assert.Empty(FfmpegProcessesWriting(work));
    }

    private static string[] Entries(string folder) =>
        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static int[] FfmpegProcessesWriting(string folder) =>
        Process.GetProcessesByName("ffmpeg").Where(p =>
        {
            try
            {
                return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(folder, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }).Select(p => p.Id).ToArray();
}
