using VUnetStream.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenCvSharp;
using VUnetStream.Synth.Output;

namespace VUnetStream.Service.Tests;

/// <summary>Watching a job while it renders, and a job that fails while it runs.</summary>
[Collection(ServerCollection.Name)]
public sealed class LiveAndFailureTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheLiveStream_ShowsJpegFramesWhileTheJobRenders_AndEndsWithTheJob()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, exampleSeconds: 3);
        string id = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;

        HttpResponseMessage? live = null;
        DateTime until = DateTime.UtcNow.AddSeconds(60);
        while (live is null && DateTime.UtcNow < until)
        {
            HttpResponseMessage attempt = await server.Client.GetAsync($"/jobs/{id}/live", HttpCompletionOption.ResponseHeadersRead);
            if (attempt.StatusCode == HttpStatusCode.OK)
            {
                live = attempt;
            }
            else
            {
                attempt.Dispose();
                await Task.Delay(50);
            }
        }

        Assert.NotNull(live);
        using (live)
        {
            Assert.Equal("multipart/x-mixed-replace", live.Content.Headers.ContentType!.MediaType);

            // The whole stream: it ends by itself when the job does.
            byte[] stream = await live.Content.ReadAsByteArrayAsync();
            string text = Encoding.Latin1.GetString(stream);
            Assert.Contains("Content-Type: image/jpeg", text, StringComparison.Ordinal);
            Assert.Contains("\r\n\r\n\xFF\xD8", text, StringComparison.Ordinal);
            Assert.EndsWith("--vunetframe--\r\n", text, StringComparison.Ordinal);
        }

        JsonElement done = await server.WaitForAsync(id, 30, "succeeded", "failed");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        using HttpResponseMessage after = await server.Client.GetAsync($"/jobs/{id}/live");
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
    }

    [Fact]
    public async Task AJobWhosePhotoShowsNobody_FailsWithTheReason_NamingThePhotoAsTheClientDid()
    {
        string media = Path.Combine(_dir, "media");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = media, Seconds = 0.3, Size = 64, Fps = 10, Seed = 2 });
        using (var empty = new Mat(128, 96, MatType.CV_8UC3, new Scalar(90, 160, 60)))
        {
            Cv2.ImWrite(Path.Combine(media, "empty-room.png"), empty);
        }

        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, mediaRoot: media);
        using HttpResponseMessage response = await server.Client.PostAsJsonAsync("/jobs", new { video_path = ClipGenerator.VideoFile, photo_path = "empty-room.png" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        JsonElement failed = await server.WaitForAsync(id, 120, "failed", "succeeded");

        Assert.Equal("failed", failed.GetProperty("state").GetString());
        string error = failed.GetProperty("error").GetString()!;
        Assert.Contains("no person", error, StringComparison.Ordinal);
        Assert.Contains("empty-room.png", error, StringComparison.Ordinal);
        Assert.DoesNotContain(media, error, StringComparison.Ordinal);
        Assert.NotNull(failed.GetProperty("finished_at").GetString());
        using HttpResponseMessage result = await server.Client.GetAsync($"/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
    }
}
