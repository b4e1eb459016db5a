using OpenCvSharp;
using VUnetStream.Application.Preview;
using VUnetStream.Pipeline;

namespace VUnetStream.Application.Tests;

/// <summary>The live preview, now a sink the application adds to the engine's outputs.</summary>
public sealed class PreviewSinkTests
{
    [Fact]
    public async Task PreviewSink_AfterAFrame_ServesItAsAJpegUntilDisposed()
    {
        PreviewSink preview = PreviewSink.Start(0, "test.mp4");
        await using (preview)
        {
            using var image = new Mat(32, 32, MatType.CV_8UC3, new Scalar(0, 0, 255));
            await preview.WriteAsync(image, null!, CancellationToken.None);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            byte[] jpeg = await http.GetByteArrayAsync(new Uri(preview.Url, "frame.jpg"));

            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            using Mat decoded = Cv2.ImDecode(jpeg, ImreadModes.Color);
            Assert.Equal(32, decoded.Width);
        }
    }
}
