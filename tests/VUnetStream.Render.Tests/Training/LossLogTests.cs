using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;

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
