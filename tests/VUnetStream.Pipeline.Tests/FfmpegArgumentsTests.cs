using VUnetStream.Encode;

namespace VUnetStream.Pipeline.Tests;

/// <summary>Each piece of the encoder's ffmpeg command line, and their order.</summary>
public sealed class FfmpegArgumentsTests
{
    [Fact]
    public void RawVideoInput_IsBgr24FramesOfTheSizeAtTheRateThroughThePipe() =>
        Assert.Equal(["-f", "rawvideo", "-pix_fmt", "bgr24", "-s", "320x240", "-r", "29.97", "-i", "pipe:0"],
            FfmpegArguments.RawVideoInput(320, 240, 29.97));

    [Fact]
    public void RawVideoInput_WritesTheRateWithoutTrailingZerosAndWithAPoint() =>
        Assert.Equal("25", FfmpegArguments.RawVideoInput(2, 2, 25.0)[7]);

    [Fact]
    public void Audio_WithoutASource_AddsNothing() => Assert.Empty(FfmpegArguments.Audio(null));

    [Fact]
    public void Audio_FromASource_MapsItsFirstTrackIfAnyAsAac() =>
        Assert.Equal(["-i", "dancer.mp4", "-map", "0:v:0", "-map", "1:a:0?", "-c:a", "aac", "-b:a", "160k", "-shortest"],
            FfmpegArguments.Audio("dancer.mp4"));

    [Fact]
    public void VideoCodec_IsLibx264AtThePresetAndCrfInYuv420p() =>
        Assert.Equal(["-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p"],
            FfmpegArguments.VideoCodec("ultrafast", 23));

    [Fact]
    public void Container_IsFaststartMp4AtThePath() =>
        Assert.Equal(["-movflags", "+faststart", "-f", "mp4", "/tmp/out.mp4"], FfmpegArguments.Container("/tmp/out.mp4"));

    [Fact]
    public void For_PutsQuietInputAudioCodecAndContainerInThatOrderWithTheOptionsDefaults()
    {
        var options = new VideoEncodeOptions { Width = 64, Height = 32, Fps = 10, AudioSource = "a.mp4" };

        IReadOnlyList<string> all = FfmpegArguments.For(options, "out.mp4");

        Assert.Equal([
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", "64x32", "-r", "10", "-i", "pipe:0",
            "-i", "a.mp4", "-map", "0:v:0", "-map", "1:a:0?", "-c:a", "aac", "-b:a", "160k", "-shortest",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-f", "mp4", "out.mp4",
        ], all);
    }

    [Fact]
    public void PriorityWrapper_AtNormalPriority_RunsTheProgramItself()
    {
        (string program, IReadOnlyList<string> arguments) = EncoderPriorities.Launcher(EncoderPriority.Normal, "/usr/bin/ffmpeg");

        Assert.Equal("/usr/bin/ffmpeg", program);
        Assert.Empty(arguments);
    }

    [Fact]
    public void PriorityWrapper_AtLowPriority_StartsTheProgramThroughNice19WhereNiceExists()
    {
        (string program, IReadOnlyList<string> arguments) = EncoderPriorities.Launcher(EncoderPriority.Low, "/usr/bin/ffmpeg");

        if (FfmpegTool.NicePath is null)
        {
            Assert.Equal("/usr/bin/ffmpeg", program);
            Assert.Empty(arguments);
        }
        else
        {
            Assert.Equal(FfmpegTool.NicePath, program);
            Assert.Equal(["-n", "19", "/usr/bin/ffmpeg"], arguments);
        }
    }
}
