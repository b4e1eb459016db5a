using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Tests;

public sealed class DatasetEvaluationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-pose-eval").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SynthDatasetLayout_IsFoundAndScoredAgainstItsAnnotations()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        // The layout 'vunet synth dataset' writes: DIR/test/images + DIR/test/annotations.csv.
        string images = Directory.CreateDirectory(Path.Combine(_dir, "test", "images")).FullName;
        using (Mat photo = FrameInput.ReadImage(ModelFiles.RequirePersonPhoto()))
        using (var crop = new Mat(photo, new Rect(100, 60, 260, 340)))
        {
            Cv2.ImWrite(Path.Combine(images, "a.png"), crop);
        }

        using var tracker = new BlazePoseTracker(new PoseEstimatorOptions { Model = BlazePoseModel.Lite, WholeFrameFallback = true });
        using Mat a = FrameInput.ReadImage(Path.Combine(images, "a.png"));
        PersonPose estimated = tracker.Estimate(a).Pose;
        // One annotation equal to the estimate, one moved by half the person's height: PCK must tell them apart.
        PersonPose shifted = estimated.Transform(1f, 0f, BodyMeasure.VerticalExtent(estimated) / 2);
        File.Copy(Path.Combine(images, "a.png"), Path.Combine(images, "b.png"));
        BenchmarkCsv.Write(Path.Combine(_dir, "test", "annotations.csv"), [("a.png", estimated), ("b.png", shifted)]);

        DatasetEvaluation.Result result = DatasetEvaluation.Run(_dir, new PoseEstimatorOptions { Model = BlazePoseModel.Lite });

        Assert.Equal(2, result.Accuracy.Images);
        Assert.InRange(result.Accuracy.Pck, 0.45, 0.55);
        Assert.Equal(["a.png", "b.png"], result.Predictions.Select(p => p.Name).ToArray());
    }

    [Fact]
    public void MissingImage_FailsNamingItAndTheAnnotationFile()
    {
        BenchmarkCsv.Write(Path.Combine(_dir, "annotations.csv"), [("gone.png", TestPoses.Standing())]);
        Directory.CreateDirectory(Path.Combine(_dir, "images"));

        FileNotFoundException ex = Assert.Throws<FileNotFoundException>(() => DatasetEvaluation.Run(_dir, new PoseEstimatorOptions()));

        Assert.Contains("gone.png", ex.Message, StringComparison.Ordinal);
        Assert.Contains("annotations.csv", ex.Message, StringComparison.Ordinal);
    }
}
