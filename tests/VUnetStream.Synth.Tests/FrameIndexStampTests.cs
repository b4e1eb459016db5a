using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Encode;
using VUnetStream.Synth.Stamp;

namespace VUnetStream.Synth.Tests;

public class FrameIndexStampTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12345)]
    [InlineData(FrameIndexStamp.MaxIndex)]
    public void DrawThenRead_OnAPicture_ReturnsTheIndex(int index)
    {
        using var frame = new Mat(96, 128, MatType.CV_8UC3, new Scalar(90, 140, 200));
        FrameIndexStamp.Draw(frame, index);

        Assert.True(FrameIndexStamp.TryRead(frame, out int read));
        Assert.Equal(index, read);
    }

    [Fact]
    public void TryRead_OnAnUnstampedFrame_ReturnsFalse()
    {
        using var grey = new Mat(96, 128, MatType.CV_8UC3, Scalar.All(128));
        using var white = new Mat(96, 128, MatType.CV_8UC3, Scalar.All(255));
        Assert.False(FrameIndexStamp.TryRead(grey, out _));
        Assert.False(FrameIndexStamp.TryRead(white, out _));
    }

    [Fact]
    public void Draw_OnATooNarrowFrame_Throws()
    {
        using var frame = new Mat(64, 64, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => FrameIndexStamp.Draw(frame, 3));
    }

    [Fact]
    public async Task Stamps_SurviveH264EncodeAndDecode_InOrder()
    {
        using var dir = new TempDir();
        string path = dir.Combine("stamped.mp4");
        const int Size = 96, Frames = 30;
        var rng = new Random(4);
        await using (FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = Size, Height = Size, Fps = 25, Crf = 23 }))
        {
            var bytes = new byte[Size * Size * 3];
            for (int i = 0; i < Frames; i++)
            {
                // Busy random content around the stamp makes the encoder work hard.
                using var frame = new Mat(Size, Size, MatType.CV_8UC3);
                Cv2.Randu(frame, Scalar.All(rng.Next(0, 60)), Scalar.All(rng.Next(160, 256)));
                FrameIndexStamp.Draw(frame, i * 37);
                Marshal.Copy(frame.Data, bytes, 0, bytes.Length);
                await writer.WriteFrameAsync(bytes);
            }

            await writer.CompleteAsync();
        }

        var read = new List<int>();
        using var capture = new VideoCapture(path);
        using var decoded = new Mat();
        while (capture.Read(decoded) && !decoded.Empty())
        {
            Assert.True(FrameIndexStamp.TryRead(decoded, out int index), $"frame {read.Count}: stamp unreadable after H.264");
            read.Add(index);
        }

        Assert.Equal(Enumerable.Range(0, Frames).Select(i => i * 37), read);
    }
}
