using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using VUnetStream.Server;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Service.Tests.Browser;

/// <summary>The web page in headless Chromium: a scripted user submits the example, watches it run and plays the result.</summary>
[Collection(ServerCollection.Name)]
public sealed class BrowserPageTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-page-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ThePage_SubmitsTheExample_ShowsItsProgressLive_AndPlaysItsResult_WithAScreenshotInArtifacts()
    {
        // 3 s of example (75 frames): long enough for the page's 1 s polling to see the job running.
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, exampleSeconds: 3);
        (IPlaywright playwright, IBrowser browser) = await HeadlessChromium.LaunchAsync();
        using IPlaywright _ = playwright;
        await using IBrowser __ = browser;
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                consoleErrors.Add($"{m.Text} ({m.Location})");
            }
        };
        page.PageError += (_, e) => consoleErrors.Add(e);

        await page.GotoAsync(server.Client.BaseAddress!.ToString());
        await page.ClickAsync("#example");

        ILocator row = page.Locator("#jobs tr[data-job-id]");
        await row.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(1, await row.CountAsync());
        string id = (await row.GetAttributeAsync("data-job-id"))!;

        // Sample the row as the page shows it until the job ends; watch it live while it runs.
        var progress = new List<int>();
        bool watched = false;
        string state = "";
        DateTime until = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < until)
        {
            state = (await row.GetAttributeAsync("data-state"))!;
            if (state is "running" or "succeeded")
            {
                progress.Add(await row.Locator("progress").EvaluateAsync<int>("bar => bar.value"));
            }

            if (state == "running" && !watched)
            {
                await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "watch" }).ClickAsync(new LocatorClickOptions { Timeout = 2_000 });
                watched = true;
                Assert.Contains($"/jobs/{id}/live", await page.Locator("#viewer img").GetAttributeAsync("src"), StringComparison.Ordinal);
            }

            if (state is "succeeded" or "failed" or "cancelled")
            {
                break;
            }

            await Task.Delay(100);
        }

        JsonElement job = await server.GetJobAsync(id);
        Assert.True(state == "succeeded", $"the page shows '{state}': {job}");
        Assert.True(watched, $"the page never showed the job running: {string.Join(",", progress)}");
        int total = job.GetProperty("frames_total").GetInt32();
        Assert.True(progress.Distinct().Count() >= 2, $"the progress bar never moved: {string.Join(",", progress)}");
        Assert.Equal(progress.Order().ToList(), progress);
        Assert.Equal(total, progress[^1]);

        // The watched job switches to its result when it succeeds; the muted video autoplays.
        ILocator video = page.Locator("#viewer video#result");
        await video.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.WaitForFunctionAsync(
            "() => { const v = document.querySelector('#result'); return v && !v.error && v.readyState >= 2 && v.duration > 0 && v.currentTime > 0; }",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        JsonElement media = await video.EvaluateAsync<JsonElement>("v => ({ duration: v.duration, width: v.videoWidth, error: v.error ? v.error.code : 0 })");
        Assert.Equal(0, media.GetProperty("error").GetInt32());
        Assert.True(media.GetProperty("width").GetInt32() > 0, media.ToString());
        Assert.InRange(media.GetProperty("duration").GetDouble(), 2.5, 3.5);
        Assert.EndsWith($"/jobs/{id}/result", await page.Locator("#viewer a[download]").GetAttributeAsync("href"), StringComparison.Ordinal);

        string shot = Path.Combine(ArtifactsFolder(), "web-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 0);
        Assert.Empty(consoleErrors);
    }

    /// <summary>artifacts/ at the repository's root (git-ignored), found from the test's own folder.</summary>
    private static string ArtifactsFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VUnetStream.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts")).FullName;
            }
        }

        throw new DirectoryNotFoundException(string.Format(CultureInfo.InvariantCulture, "no VUnetStream.sln above {0}", AppContext.BaseDirectory));
    }
}
