using System.Text.Json;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;

namespace VUnetStream.Service.Tests;

/// <summary>The job option <c>personalize</c>: checked at submission, passed to the job's request.</summary>
public sealed class PersonalizeOptionTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(100_000)]
    public void OutOfRange_IsRefusedNamingTheOptionAndItsBounds(int steps)
    {
        var error = Assert.Throws<ArgumentException>(() => JobRequests.CheckOptions(new JobOptions { Personalize = steps }));
        Assert.Contains("personalize must be between 0 (off) and 1000", error.Message, StringComparison.Ordinal);
        Assert.Contains(steps.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTheOptionsJson_ReachesTheJobsRequest_AndIsOffByDefault()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        JobOptions options = JsonSerializer.Deserialize<JobOptions>("""{"personalize": 100}""", json)!;
        JobRequests.CheckOptions(options);
        Assert.Equal(100, JobRequests.For(Job(options), "out.mp4", new ServiceOptions()).Personalize);
        Assert.Equal(0, JobRequests.For(Job(new JobOptions()), "out.mp4", new ServiceOptions()).Personalize);
    }

    private static ServiceJob Job(JobOptions options) => new()
    {
        Id = "j1", Source = JobSource.Upload, VideoPath = "v.mp4", PhotoPath = "p.png", VideoName = "v.mp4", PhotoName = "p.png", Options = options, CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
