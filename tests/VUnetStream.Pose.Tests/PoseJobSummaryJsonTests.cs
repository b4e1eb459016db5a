using System.Text.Json.Nodes;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Jobs;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Pose.Tests;

public sealed class PoseJobSummaryJsonTests
{
    [Fact]
    public void SummaryJson_KeysCarryNoUnits_AndTheUnitsObjectGivesThem()
    {
        JsonObject json = PoseJob.SummaryJson(new PoseJobOptions { Input = "clip.mp4", Output = "out" }, FrameInputKind.Video,
            frames: 10, noPerson: ["frame 3"], detections: 2, seconds: 1.234);

        JsonKeyRules.AssertUnitsFreeKeys(json);
        JsonKeyRules.AssertNumbersHaveUnits(json);
        Assert.Equal(1.23, (double)json["duration"]!);
        Assert.Equal("s", (string?)json["units"]!["duration"]);
        Assert.Equal(9, (int)json["frames_with_person"]!);
        Assert.Equal("frames", (string?)json["units"]!["frames"]);
    }

    [Fact]
    public void SummaryJson_StartsWithTheHostsProvenance_AndSaysHowManyFramesTheVideoAnnounced()
    {
        var options = new PoseJobOptions
        {
            Input = "clip.mp4",
            Output = "out",
            Provenance = new JsonObject { ["vunet_version"] = "1.2.3", ["command"] = "pose", ["settings"] = new JsonObject { ["filter"] = "median" } },
        };

        JsonObject json = PoseJob.SummaryJson(options, FrameInputKind.Video, frames: 11, noPerson: [], detections: 1, seconds: 0.5, announcedFrames: 50);

        Assert.Equal(["vunet_version", "command", "settings"], json.Select(p => p.Key).Take(3).ToArray());
        Assert.Equal("median", (string?)json["settings"]!["filter"]);
        Assert.Equal(50, (int)json["frames_announced"]!);
        Assert.Equal(11, (int)json["frames"]!);
        JsonKeyRules.AssertNumbersHaveUnits(json);
    }
}
