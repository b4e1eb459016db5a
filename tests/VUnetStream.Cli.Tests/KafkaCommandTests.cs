namespace VUnetStream.Cli.Tests;

/// <summary>The Kafka mode's commands as a user starts them: `broker --mock`, `worker`, `serve --kafka`.</summary>
public sealed class KafkaCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-kafka-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BrokerMock_PrintsTheBootstrapListAloneAsTheFirstLine_AndStopsOnSigtermWithExitCode143()
    {
        using VunetProcess vunet = VunetProcess.Start(_dir, ["broker", "--mock", "--brokers", "2"]);
        DateTime until = DateTime.UtcNow.AddMinutes(1);
        while (!vunet.Stdout.Contains('\n', StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        Assert.Matches(@"^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$", vunet.Stdout.Split('\n')[0].Trim());

        vunet.Signal("TERM");
        int code = vunet.WaitForExit(TimeSpan.FromMinutes(1));
        Assert.True(code == 143, $"exit code {code}: {vunet.Stderr}");
    }

    [Fact]
    public void ServeKafka_WithoutAMediaRoot_RefusesWithExitCode2_NamingTheOption()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir, "serve", "--port", "0", "--data", "d", "--kafka", "127.0.0.1:9");

        Assert.Equal(2, code);
        Assert.Contains("--media-root", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_WithoutTheKafkaAndMediaRootOptions_IsAUsageErrorWithExitCode2()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir, "worker");

        Assert.Equal(2, code);
        Assert.Contains("--kafka", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokerWithoutMock_IsRefusedWithExitCode2()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir, "broker");

        Assert.Equal(2, code);
        Assert.Contains("--mock", stderr, StringComparison.Ordinal);
    }
}
