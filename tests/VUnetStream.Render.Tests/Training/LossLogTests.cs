using VUnetStream.Render.Tests.Data;
using System.Text.Json.Nodes;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Training;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Render.Tests.Training;

public sealed class LossLogTests
{
    [Fact]
    public void Open_ForResume_DropsRecordsAfterTheCheckpoint()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("loss.jsonl");
        using (LossLog log = LossLog.Open(path, 1))
        {
            for (int s = 1; s <= 5; s++)
            {
                log.Append(new LossRecord { Step = s, Loss = s });
            }
        }

        using (LossLog resumed = LossLog.Open(path, keepBefore: 4))
        {
            Assert.Equal([1L, 2, 3], resumed.Records.Select(r => r.Step));
            resumed.Append(new LossRecord { Step = 4, Loss = 40 });
        }

        Assert.Equal(4, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Open_WithALineCutOffByACrash_KeepsTheRecordsBeforeIt()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("loss.jsonl");
        File.WriteAllText(path, "{\"step\":1,\"loss\":2}\n{\"step\":2,\"lo");
        using LossLog log = LossLog.Open(path, 100);
        Assert.Single(log.Records);
    }

    [Fact]
    public void Append_WritesKeysWithoutUnits()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("loss.jsonl");
        using (LossLog log = LossLog.Open(path, 1))
        {
            log.Append(new LossRecord { Step = 1, Loss = 2, ImagesPerSecond = 6.5, ElapsedSeconds = 12.25, HeldOutRetrievalTop1 = 0.5 });
        }

        JsonObject line = JsonNode.Parse(File.ReadAllLines(path).Single())!.AsObject();
        JsonKeyRules.AssertUnitsFreeKeys(line);
        Assert.Equal(6.5, (double)line["image_rate"]!);
        Assert.Equal(12.25, (double)line["elapsed"]!);
        Assert.False(line.ContainsKey("images_per_second"));
        Assert.False(line.ContainsKey("elapsed_seconds"));
    }

    [Fact]
    public void Open_ALogWrittenWithTheOldKeysThatNamedUnits_ReadsThemAndRewritesWithTheNewOnes()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("loss.jsonl");
        File.WriteAllText(path,
            "{\"step\":1,\"loss\":2,\"images_per_second\":5.5,\"elapsed_seconds\":10.5}\n" +
            "{\"step\":2,\"loss\":1,\"images_per_second\":6.5,\"elapsed_seconds\":11.5}\n");

        using (LossLog log = LossLog.Open(path, keepBefore: 2))
        {
            LossRecord record = Assert.Single(log.Records);
            Assert.Equal(5.5, record.ImagesPerSecond);
            Assert.Equal(10.5, record.ElapsedSeconds);
        }

        // Dropping the line after the checkpoint rewrites the log: the kept record keeps its values, under the new keys.
        JsonObject kept = JsonNode.Parse(File.ReadAllLines(path).Single())!.AsObject();
        Assert.Equal(5.5, (double)kept["image_rate"]!);
        Assert.Equal(10.5, (double)kept["elapsed"]!);
        JsonKeyRules.AssertUnitsFreeKeys(kept);
    }

    [Fact]
    public void Open_TheCommittedDefaultRunsLog_LoadsEveryRecordWithItsRateAndTime()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("loss.jsonl");
        File.Copy(RepositoryFiles.Combine("runs", "default-128", "loss.jsonl"), path);
        int lines = File.ReadAllLines(path).Count(l => !string.IsNullOrWhiteSpace(l));

        using LossLog log = LossLog.Open(path, long.MaxValue);

        Assert.Equal(lines, log.Records.Count);
        Assert.All(log.Records, r => Assert.True(r.ImagesPerSecond > 0, $"step {r.Step}: no image rate"));
        Assert.True(log.Records[^1].ElapsedSeconds > log.Records[0].ElapsedSeconds);
    }

    [Fact]
    public void CheckpointRead_ASidecarWrittenWithTheOldKeys_LoadsItsLastLoss()
    {
        // The committed default model's sidecar, with its last loss under the names used before the units left the keys.
        using var temp = new TempFolder();
        JsonObject sidecar = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Combine("models", "default", Checkpoint.SidecarName)))!.AsObject();
        sidecar["last_loss"] = new JsonObject
        {
            ["step"] = 10, ["loss"] = 1.5, ["perceptual"] = 1.2, ["kl"] = 3.0, ["beta"] = 1e-6, ["lr"] = 3e-4,
            ["images_per_second"] = 6.25, ["elapsed_seconds"] = 123.5,
        };
        File.WriteAllText(Path.Combine(temp.Path, Checkpoint.SidecarName), sidecar.ToJsonString());
        File.WriteAllBytes(Path.Combine(temp.Path, Checkpoint.WeightsName), []);

        Checkpoint checkpoint = Checkpoint.Read(temp.Path);

        Assert.NotNull(checkpoint.LastLoss);
        Assert.Equal(6.25, checkpoint.LastLoss.ImagesPerSecond);
        Assert.Equal(123.5, checkpoint.LastLoss.ElapsedSeconds);
    }

    [Fact]
    public void CheckpointRead_TheCommittedDefaultModel_LoadsItsLastLoss()
    {
        string directory = RepositoryFiles.Combine("models", "default");
        JsonNode lastLoss = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, Checkpoint.SidecarName)))!["last_loss"]!;

        Checkpoint checkpoint = Checkpoint.Read(directory);

        Assert.NotNull(checkpoint.LastLoss);
        Assert.Equal((long)lastLoss["step"]!, checkpoint.LastLoss.Step);
        Assert.True(checkpoint.LastLoss.ImagesPerSecond > 0);
        Assert.True(checkpoint.LastLoss.ElapsedSeconds > 0);
    }

    [Fact]
    public void Plot_DrawsCurvesIntoAPng()
    {
        using var temp = new TempFolder();
        var records = Enumerable.Range(1, 50).Select(s => new LossRecord
        {
            Step = s, Loss = 10.0 / s, Perceptual = 5.0 / s, Kl = 100 + s, Beta = s > 25 ? 1 : 1e-6, Lr = 1e-3 * (50 - s) / 50,
        }).ToList();
        string path = temp.Combine("loss.png");
        LossPlot.Save(records, path, "test");
        using OpenCvSharp.Mat image = OpenCvSharp.Cv2.ImRead(path);
        Assert.Equal(900, image.Cols);
        // Curves are coloured; a blank white sheet with grey axes would have no saturated pixels.
        using var hsv = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.CvtColor(image, hsv, OpenCvSharp.ColorConversionCodes.BGR2HSV);
        OpenCvSharp.Mat[] channels = OpenCvSharp.Cv2.Split(hsv);
        using var saturated = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Threshold(channels[1], saturated, 100, 255, OpenCvSharp.ThresholdTypes.Binary);
        Assert.True(OpenCvSharp.Cv2.CountNonZero(saturated) > 200);
        foreach (OpenCvSharp.Mat c in channels)
        {
            c.Dispose();
        }
    }
}
