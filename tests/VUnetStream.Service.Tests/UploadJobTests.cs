using VUnetStream.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VUnetStream.Synth.Output;

namespace VUnetStream.Service.Tests;

/// <summary>Jobs on a client's own files: uploaded, or named inside the media root (poses estimated with BlazePose).</summary>
[Collection(ServerCollection.Name)]
public sealed class UploadJobTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AnUploadedVideoAndPhoto_AreStoredUnderGeneratedNames_AndRunToAResult()
    {
        string clip = Path.Combine(_dir, "clip");
        ClipResult made = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = 0.5, Size = 128, Fps = 10, Seed = 3 });
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(Path.Combine(clip, ClipGenerator.VideoFile))), "video", "../my dance.mp4" },
            { new ByteArrayContent(File.ReadAllBytes(Path.Combine(clip, ClipGenerator.PersonFile))), "photo", "me.png" },
            { new StringContent("{\"layout\": \"side-by-side\", \"output_height\": 128}"), "options" },
        };

        using HttpResponseMessage response = await server.Client.PostAsync("/jobs", form);

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        JsonElement job = JsonDocument.Parse(body).RootElement;
        string id = job.GetProperty("id").GetString()!;
        Assert.Equal("my dance.mp4", job.GetProperty("inputs").GetProperty("video").GetString());
        Assert.Equal("side-by-side", job.GetProperty("options").GetProperty("layout").GetString());
        Assert.Equal(["photo.png", "video.mp4"], Directory.GetFiles(Path.Combine(server.DataDirectory, "jobs", id)).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "jobs", "my dance.mp4")));

        JsonElement done = await server.WaitForAsync(id, 180, "succeeded", "failed");
        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        Assert.Equal(made.Frames, done.GetProperty("frames_done").GetInt32());
    }

    [Fact]
    public async Task FilesNamedInsideTheMediaRoot_RunToAResult_WithoutBeingCopied()
    {
        string media = Path.Combine(_dir, "media");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = Path.Combine(media, "clips"), Seconds = 0.5, Size = 128, Fps = 10, Seed = 3 });
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, mediaRoot: media);

        using HttpResponseMessage response = await server.Client.PostAsJsonAsync("/jobs", new { video_path = "clips/dancer.mp4", photo_path = "clips/./person.png" });

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        string id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        JsonElement done = await server.WaitForAsync(id, 180, "succeeded", "failed");
        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        Assert.Equal(["result.mp4"], Directory.GetFiles(Path.Combine(server.DataDirectory, "jobs", id)).Select(f => Path.GetFileName(f)).ToArray());
    }
}
