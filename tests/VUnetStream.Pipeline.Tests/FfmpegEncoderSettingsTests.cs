using System.Globalization;
using VUnetStream.Encode;

namespace VUnetStream.Pipeline.Tests;

/// <summary>What <see cref="VideoEncodeOptions"/> changes about the ffmpeg process that encodes.</summary>
public sealed class FfmpegEncoderSettingsTests : IDisposable
{
    // Linux scheduling policies as /proc/PID/stat reports them (sched.h).
    private const int SchedOther = 0;
    private const int SchedIdle = 5;

    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-encoder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(EncoderPriority.Idle, SchedIdle, 0)]
    [InlineData(EncoderPriority.Low, SchedOther, 19)]
    [InlineData(EncoderPriority.Normal, SchedOther, 0)]
    public async Task Writer_AtAPriority_RunsFfmpegUnderThatPolicyAndStillWritesTheVideo(EncoderPriority priority, int policy, int niceAboveOurs)
    {
        string path = Path.Combine(_dir, $"{priority}.mp4");
        await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = 32, Height = 32, Fps = 5, Priority = priority });

        (int ffmpegPolicy, int ffmpegNice) = SchedulingOfProcessWriting(_dir);
        for (int i = 0; i < 5; i++)
        {
            await writer.WriteFrameAsync(new byte[32 * 32 * 3]);
        }

        await writer.CompleteAsync();

        Assert.Equal(policy, ffmpegPolicy);
        if (policy == SchedOther)
        {
            Assert.Equal(Math.Min(19, OwnNice() + niceAboveOurs), ffmpegNice);
        }

        Assert.Equal(5, MediaProbe.Probe(path).FrameCount);
    }

    [Fact]
    public async Task Writer_ForA256SquareVideo_GetsAPipeThatHoldsFourWholeFrames()
    {
        string path = Path.Combine(_dir, "pipe.mp4");
        const int FrameBytes = 256 * 256 * 3;
        await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = 256, Height = 256, Fps = 5 });

        // Four frames fit below Linux's unprivileged 1 MiB limit; the default 64 KiB holds a third of one.
        Assert.True(writer.PipeBufferBytes >= 4 * FrameBytes, $"pipe buffer {writer.PipeBufferBytes} bytes");
        await writer.WriteFrameAsync(new byte[FrameBytes]);
        await writer.CompleteAsync();
        Assert.Equal(1, MediaProbe.Probe(path).FrameCount);
    }

    [Fact]
    public void Writer_WithAnUnknownPreset_FailsNamingTheKnownPresetsAndStartsNothing()
    {
        string path = Path.Combine(_dir, "never.mp4");

        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = 32, Height = 32, Fps = 5, Preset = "ludicrous" }));

        Assert.Contains("'ludicrous'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ultrafast", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("idle", EncoderPriority.Idle)]
    [InlineData(" Low ", EncoderPriority.Low)]
    [InlineData("normal", EncoderPriority.Normal)]
    public void Parse_KnownNames_GiveTheirPriority(string text, EncoderPriority expected) =>
        Assert.Equal(expected, EncoderPriorities.Parse(text));

    [Fact]
    public void Parse_AnUnknownName_FailsNamingTheChoices()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => EncoderPriorities.Parse("realtime"));

        Assert.Contains("'realtime'", error.Message, StringComparison.Ordinal);
        Assert.Contains("idle, low or normal", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Scheduling policy and nice value of the ffmpeg whose command line names <paramref name="folder"/>.</summary>
    private static (int Policy, int Nice) SchedulingOfProcessWriting(string folder)
    {
        // chrt and nice replace themselves with ffmpeg (exec) a moment after the writer starts them.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (FindFfmpegWriting(folder) is { } found)
            {
                return found;
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"no ffmpeg process writing into {folder}");
    }

    private static (int Policy, int Nice)? FindFfmpegWriting(string folder)
    {
        foreach (string proc in Directory.GetDirectories("/proc"))
        {
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.StartsWith(FfmpegTool.Path, StringComparison.Ordinal) && cmdline.Contains(folder, StringComparison.Ordinal))
            {
                return StatFields(Path.Combine(proc, "stat"));
            }
        }

        return null;
    }

    private static int OwnNice() => StatFields("/proc/thread-self/stat").Nice;

    private static (int Policy, int Nice) StatFields(string statFile)
    {
        string stat = File.ReadAllText(statFile);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // Fields after the command name start at field 3 (state): nice is field 19, policy field 41.
        return (int.Parse(fields[41 - 3], CultureInfo.InvariantCulture), int.Parse(fields[19 - 3], CultureInfo.InvariantCulture));
    }
}
