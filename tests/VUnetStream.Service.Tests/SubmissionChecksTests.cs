using VUnetStream.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenCvSharp;

namespace VUnetStream.Service.Tests;

/// <summary>Submissions that must be refused at once with a reason, keeping nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class SubmissionChecksTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AnUploadThatIsNotAVideo_Is400WithTheReason_AndNoJobOrFileIsKept()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("this is not a video, only text"u8.ToArray()), "video", "../../dance.mp4" },
            { new ByteArrayContent(Photo()), "photo", "me.png" },
        };

        using HttpResponseMessage response = await server.Client.PostAsync("/jobs", form);

        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("cannot be decoded", error, StringComparison.Ordinal);
        Assert.Contains("dance.mp4", error, StringComparison.Ordinal);
        Assert.DoesNotContain(server.DataDirectory, error, StringComparison.Ordinal);
        Assert.Equal("[]", await server.Client.GetStringAsync("/jobs"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "jobs")));
        Assert.False(File.Exists(Path.Combine(_dir, "dance.mp4")));
    }

    [Fact]
    public async Task AnUploadThatIsNotAnImage_Is400()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);
        string clip = Path.Combine(_dir, "clip");
        await Synth.Output.ClipGenerator.WriteAsync(new Synth.Output.ClipOptions { OutDir = clip, Seconds = 0.3, Size = 64, Fps = 10, Seed = 1 });
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(Path.Combine(clip, Synth.Output.ClipGenerator.VideoFile))), "video", "dance.mp4" },
            { new ByteArrayContent("GIF89a but not really"u8.ToArray()), "photo", "me.png" },
        };

        using HttpResponseMessage response = await server.Client.PostAsync("/jobs", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cannot be read as an image", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "jobs")));
    }

    [Fact]
    public async Task AVideoAboveTheSizeLimit_Is413NamingTheLimit_AndNothingIsKept()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath,
            limits: service => service with { MaxVideoBytes = 4096 });
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[10_000]), "video", "dance.mp4" },
            { new ByteArrayContent(Photo()), "photo", "me.png" },
        };

        using HttpResponseMessage response = await server.Client.PostAsync("/jobs", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 4 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("[]", await server.Client.GetStringAsync("/jobs"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "jobs")));
    }

    [Fact]
    public async Task AVideoLongerThanTheDurationLimit_Is400WithBothLengths_AndNothingIsKept()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath,
            limits: service => service with { MaxVideoSeconds = 0.5 });
        string clip = Path.Combine(_dir, "clip");
        await Synth.Output.ClipGenerator.WriteAsync(new Synth.Output.ClipOptions { OutDir = clip, Seconds = 1, Size = 64, Fps = 10, Seed = 1 });
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(Path.Combine(clip, Synth.Output.ClipGenerator.VideoFile))), "video", "dance.mp4" },
            { new ByteArrayContent(Photo()), "photo", "me.png" },
        };

        using HttpResponseMessage response = await server.Client.PostAsync("/jobs", form);

        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is 1 s long; at most 0.5 s is accepted", body, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "jobs")));
    }

    [Theory]
    [InlineData("../outside.mp4")]
    [InlineData("sub/../../outside.mp4")]
    [InlineData("/etc/hostname")]
    [InlineData("link/outside.mp4")]
    public async Task APathThatLeavesTheMediaRoot_Is400AndNothingIsWritten(string videoPath)
    {
        string media = Path.Combine(_dir, "media");
        Directory.CreateDirectory(Path.Combine(media, "sub"));
        File.WriteAllBytes(Path.Combine(media, "me.png"), Photo());
        string outsideDir = Path.Combine(_dir, "outside-dir");
        Directory.CreateDirectory(outsideDir);
        File.WriteAllText(Path.Combine(_dir, "outside.mp4"), "outside the root");
        File.WriteAllText(Path.Combine(outsideDir, "outside.mp4"), "outside the root");
        Directory.CreateSymbolicLink(Path.Combine(media, "link"), outsideDir);
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, mediaRoot: media);
        string[] before = EntriesOutside(server.DataDirectory);

        using HttpResponseMessage response = await server.Client.PostAsJsonAsync("/jobs", new { video_path = videoPath, photo_path = "me.png" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outside the media root", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, EntriesOutside(server.DataDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "jobs")));
        Assert.Equal("[]", await server.Client.GetStringAsync("/jobs"));
    }

    [Fact]
    public async Task AJobWithAnOptionItCannotUse_Is400NamingIt()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);

        using HttpResponseMessage layout = await server.Client.PostAsJsonAsync("/jobs", new { example = true, options = new { layout = "diagonal" } });
        using HttpResponseMessage background = await server.Client.PostAsJsonAsync("/jobs", new { example = true, options = new { background = "/etc/passwd" } });
        using HttpResponseMessage height = await server.Client.PostAsJsonAsync("/jobs", new { example = true, options = new { output_height = 17 } });

        Assert.Equal(HttpStatusCode.BadRequest, layout.StatusCode);
        Assert.Contains("diagonal", await layout.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, background.StatusCode);
        Assert.Contains("must be photo, dancer or a colour", await background.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, height.StatusCode);
        Assert.Contains("output_height 17", await height.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("[]", await server.Client.GetStringAsync("/jobs"));
    }

    /// <summary>Everything in the test's folder but the data folder (whose SQLite side files come and go).</summary>
    private string[] EntriesOutside(string data) =>
        Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories)
            .Where(e => e != data && !e.StartsWith(data + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(e => $"{e} {(File.Exists(e) ? new FileInfo(e).Length : -1)}")
            .Order(StringComparer.Ordinal).ToArray();

    private static byte[] Photo()
    {
        using var image = new Mat(64, 48, MatType.CV_8UC3, new Scalar(40, 120, 200));
        Cv2.ImEncode(".png", image, out byte[] png);
        return png;
    }
}
