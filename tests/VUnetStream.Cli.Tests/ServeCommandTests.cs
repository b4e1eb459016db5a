namespace VUnetStream.Cli.Tests;

/// <summary>`vunet serve` as a user starts it: the URL first, signals stop it, the network only with a key.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Serve_PrintsItsUrlAsTheFirstLine_AnswersHealth_AndStopsOnSigtermWithExitCode143()
    {
        using VunetProcess vunet = VunetProcess.Start(_dir, ["serve", "--port", "0", "--data", "d"]);
        DateTime until = DateTime.UtcNow.AddMinutes(1);
        while (!vunet.Stdout.Contains('\n', StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        string first = vunet.Stdout.Split('\n')[0].Trim();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", first);
        using var client = new HttpClient { BaseAddress = new Uri(first) };
        Assert.Contains("ok", await client.GetStringAsync("/health"), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/jobs"));

        vunet.Signal("TERM");
        int code = vunet.WaitForExit(TimeSpan.FromMinutes(1));

        Assert.True(code == 143, $"exit code {code}: {vunet.Stderr}");
        Assert.True(File.Exists(Path.Combine(_dir, "d", "jobs.db")));
    }

    [Fact]
    public void Serve_OnAnAddressBeyondThisMachineWithoutAKey_RefusesWithExitCode2()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir, "serve", "--host", "0.0.0.0", "--port", "0", "--data", "d");

        Assert.Equal(2, code);
        Assert.Contains("--api-key", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "d")));
    }
}
