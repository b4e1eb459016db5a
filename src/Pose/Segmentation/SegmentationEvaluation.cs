using System.Diagnostics;
using OpenCvSharp;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Segmentation;

/// <summary>
/// Scores BlazePose's person masks against exact ones: the images of a <c>vunet synth dataset</c> split
/// (<c>DIR/test/images</c> + <c>DIR/test/masks</c>, or <c>DIR/images</c> + <c>DIR/masks</c>), whose
/// masks are the rendered person's soft matte. The ground truth is the matte at ≥ 50 % coverage (the
/// renderer's own hard mask); the two pose-only baselines of <see cref="MaskBaselines"/> are scored beside it.
/// </summary>
public static class SegmentationEvaluation
{
    public const string BlazePose = "blazepose";
    public const string PoseBox = "pose_box";
    public const string Stickman = "stickman";

    /// <summary>One method's scores over the images.</summary>
    public sealed record MethodSummary(string Name, double MeanIou, double MedianIou, double ShareIouAbove08, double MeanBoundaryF);

    public sealed record Result(string Images, string Masks, int Count, int NoPerson, IReadOnlyList<MethodSummary> Methods,
        IReadOnlyList<(string Name, MaskScore Score)> PerImage, double Seconds)
    {
        /// <summary>Adds the results to a report, one row per method and measure (keys without units).</summary>
        public void Report(MeasurementReport report)
        {
            ArgumentNullException.ThrowIfNull(report);
            report.Add("images", Count, "", "images scored");
            report.Add("no_person", NoPerson, "", "images where no person was found (empty mask, IoU 0)");
            report.Add("boundary_tolerance", MaskScores.BoundaryTolerance, "", "boundary F: match distance as a share of the image diagonal");
            foreach (MethodSummary m in Methods)
            {
                report.Add($"{m.Name}_mean_iou", m.MeanIou, "", $"{Describe(m.Name)}: mean IoU");
                report.Add($"{m.Name}_median_iou", m.MedianIou, "", $"{Describe(m.Name)}: median IoU");
                report.Add($"{m.Name}_share_iou_above_0_8", m.ShareIouAbove08, "", $"{Describe(m.Name)}: share of images with IoU > 0.8");
                report.Add($"{m.Name}_mean_boundary_f", m.MeanBoundaryF, "", $"{Describe(m.Name)}: mean boundary F");
            }

            report.Add("duration", Seconds, "s", "wall time (pose + mask + scoring of every image)");
        }
    }

    /// <summary>What a method name of <see cref="MethodSummary.Name"/> stands for, in words.</summary>
    public static string Describe(string method) => method switch
    {
        BlazePose => "BlazePose mask",
        PoseBox => "baseline, landmarks' box",
        Stickman => "baseline, thick stickman",
        _ => method,
    };

    /// <summary>Share of images whose IoU must exceed this for <see cref="MethodSummary.ShareIouAbove08"/>.</summary>
    public const double GoodIou = 0.8;

    public static (string Images, string Masks) Locate(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            throw new DirectoryNotFoundException($"data folder '{dataDir}' not found");
        }

        foreach (string folder in new[] { Path.Combine(dataDir, "test"), dataDir })
        {
            string images = Path.Combine(folder, "images"), masks = Path.Combine(folder, "masks");
            if (Directory.Exists(images) && Directory.Exists(masks))
            {
                return (images, masks);
            }
        }

        throw new DirectoryNotFoundException(
            $"data folder '{dataDir}' has no images/ and masks/ side by side (looked in its test/ folder and in it); 'vunet synth dataset' writes that layout");
    }

    /// <summary>The images <see cref="Run"/> scores: the split's images in name order, the first <paramref name="limit"/> when positive.</summary>
    public static IReadOnlyList<string> ImagesToScore(string dataDir, int limit = 0)
    {
        (string imageDir, _) = Locate(dataDir);
        string[] images = Directory.EnumerateFiles(imageDir).Where(FrameInput.IsImageFile).Order(StringComparer.Ordinal).ToArray();
        if (images.Length == 0)
        {
            throw new InvalidDataException($"{imageDir}: no images");
        }

        return limit > 0 ? images[..Math.Min(limit, images.Length)] : images;
    }

    public static Result Run(string dataDir, PoseEstimatorOptions options, int limit = 0, Action? onImage = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string imageDir, string maskDir) = Locate(dataDir);
        IReadOnlyList<string> images = ImagesToScore(dataDir, limit);

        foreach (string image in images)
        {
            string mask = Path.Combine(maskDir, Path.GetFileName(image));
            if (!File.Exists(mask))
            {
                throw new FileNotFoundException($"image '{image}' has no ground-truth mask '{mask}'", mask);
            }
        }

        var scores = new Dictionary<string, List<MaskScore>> { [BlazePose] = [], [PoseBox] = [], [Stickman] = [] };
        var perImage = new List<(string, MaskScore)>();
        int noPerson = 0;
        var clock = Stopwatch.StartNew();
        using var segmenter = new PersonSegmenter(options with { WholeFrameFallback = true });
        foreach (string path in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using Mat image = FrameInput.ReadImage(path);
            using Mat truth = ReadTruth(Path.Combine(maskDir, Path.GetFileName(path)), image);
            segmenter.Reset();
            using SegmentedFrame result = segmenter.Segment(image);
            if (!result.Estimate.HasPerson)
            {
                noPerson++;
            }

            MaskScore score = MaskScores.Score(result.Mask.Hard, truth);
            scores[BlazePose].Add(score);
            perImage.Add((Path.GetFileName(path), score));
            using (Mat box = MaskBaselines.PoseBox(result.Estimate.Landmarks, image.Width, image.Height))
            {
                scores[PoseBox].Add(MaskScores.Score(box, truth));
            }

            using (Mat stick = MaskBaselines.Stickman(result.Estimate.Landmarks, image.Width, image.Height))
            {
                scores[Stickman].Add(MaskScores.Score(stick, truth));
            }

            onImage?.Invoke();
        }

        MethodSummary[] methods = scores.Select(kv => Summarise(kv.Key, kv.Value)).ToArray();
        return new Result(imageDir, maskDir, images.Count, noPerson, methods, perImage, clock.Elapsed.TotalSeconds);
    }

    // The renderer's hard mask: pixels the person covers at least half of.
    private static Mat ReadTruth(string path, Mat image)
    {
        using Mat matte = Cv2.ImRead(path, ImreadModes.Grayscale);
        if (matte.Empty())
        {
            throw new InvalidDataException($"ground-truth mask '{path}' cannot be decoded");
        }

        if (matte.Size() != image.Size())
        {
            throw new InvalidDataException($"ground-truth mask '{path}' is {matte.Width}x{matte.Height}, its image {image.Width}x{image.Height}");
        }

        var truth = new Mat();
        Cv2.Threshold(matte, truth, 127, 255, ThresholdTypes.Binary);
        return truth;
    }

    private static MethodSummary Summarise(string name, List<MaskScore> scores)
    {
        double[] iou = scores.Select(s => s.Iou).Order().ToArray();
        double median = iou.Length % 2 == 1 ? iou[iou.Length / 2] : (iou[iou.Length / 2 - 1] + iou[iou.Length / 2]) / 2;
        return new MethodSummary(name, iou.Average(), median, iou.Count(v => v > GoodIou) / (double)iou.Length, scores.Average(s => s.BoundaryF));
    }
}
