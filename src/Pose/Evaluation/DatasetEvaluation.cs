using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Evaluation;

/// <summary>
/// Runs the estimator on an annotated image set in the pose-transfer benchmark layout and compares
/// with the annotations: <c>DIR/annotations.csv</c> + <c>DIR/images/</c> (the real DeepFashion and
/// Market-1501 samples), or <c>DIR/test/annotations.csv</c> + <c>DIR/test/images/</c> (what
/// <c>vunet synth dataset</c> writes). Images are independent, so they are spread over two trackers.
/// </summary>
public static class DatasetEvaluation
{
    public sealed record Result(KeypointAccuracy Accuracy, string Annotations, string Images, IReadOnlyList<(string Name, PersonPose Pose)> Predictions);

    public static (string Annotations, string Images) Locate(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            throw new DirectoryNotFoundException($"data folder '{dataDir}' not found");
        }

        foreach (string folder in new[] { dataDir, Path.Combine(dataDir, "test") })
        {
            string csv = Path.Combine(folder, "annotations.csv");
            if (File.Exists(csv))
            {
                string images = Path.Combine(folder, "images");
                return (csv, Directory.Exists(images) ? images : folder);
            }
        }

        throw new FileNotFoundException($"data folder '{dataDir}' has no annotations.csv (looked in it and in its test/ folder)");
    }

    public static Result Run(string dataDir, PoseEstimatorOptions options, int limit = 0, Action? onImage = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string csv, string imageDir) = Locate(dataDir);
        IReadOnlyList<(string Name, PersonPose Pose)> entries = BenchmarkCsv.Read(csv);
        if (limit > 0)
        {
            entries = entries.Take(limit).ToArray();
        }

        if (entries.Count == 0)
        {
            throw new InvalidDataException($"{csv}: no annotated images");
        }

        foreach ((string name, _) in entries)
        {
            string path = Path.Combine(imageDir, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"image '{path}' listed in {csv} not found", path);
            }
        }

        IEnumerable<DecodedFrame> Frames()
        {
            for (int i = 0; i < entries.Count; i++)
            {
                yield return new DecodedFrame(i, TimeSpan.Zero, FrameInput.ReadImage(Path.Combine(imageDir, entries[i].Name)), entries[i].Name);
            }
        }

        var accuracy = new KeypointAccuracy();
        var predictions = new List<(string, PersonPose)>();
        PoseEstimatorOptions photos = options with { WholeFrameFallback = true };
        foreach ((DecodedFrame frame, PersonPose pose) in FramePoseRunner.Run(
                     Frames(), () => PoseSources.Estimator(photos, independentFrames: true), workers: 2, cancellationToken))
        {
            using (frame)
            {
                accuracy.Add(entries[frame.Index].Pose, pose);
                predictions.Add((frame.Name, pose));
            }

            onImage?.Invoke();
        }

        return new Result(accuracy, csv, imageDir, predictions);
    }
}
