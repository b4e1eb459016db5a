using System.Globalization;
using System.Text;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Data;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// Scores pose-estimator re-detection for <see cref="PairsEvaluation"/>: each image's detected pose against
/// its target pose (image coordinates). The host supplies it (BlazePose; Render does not call the pose
/// library); the same <see cref="Mat"/> given for several targets may be detected once.
/// </summary>
public delegate RedetectionScore PoseRedetection(IReadOnlyList<(Mat Image, PersonPose Target)> items);

/// <summary>
/// The benchmark report of the same-person pairs of <c>pairs.csv</c> (DeepFashion, Market-1501): every
/// measure at the dataset's image size, not the model's — the model's square output is resized to the
/// padded square of the target and the padding cut off (<see cref="PreparedSample.FromSquare"/>), so a
/// Market output is scored at 64×128 and a DeepFashion one at 256×256. Each measure stands beside two
/// trivial baselines: <c>mean_target</c>, the pixel-wise mean of all the pairs' targets (one image), and
/// <c>source_copy</c>, the source image itself as the output. Keys (prefix <c>pairs_</c>, a baseline's name
/// after it): <c>ssim</c> (<see cref="ImageMetrics.Ssim"/>), <c>part_colour_error</c>
/// (<see cref="PartColours.Error"/>, the parts located from the target's pose, no mask) and, with a
/// <see cref="PoseRedetection"/>, <c>redetection_rate</c>, <c>redetection_error</c> (px) and
/// <c>redetection_error_height_fraction</c>; <c>pairs_target_redetection_*</c> scores the targets
/// themselves (the estimator's own error on real images: the floor a generated image is read against).
/// Targets whose size differs from the first target's are resized to it.
/// </summary>
public sealed class PairsEvaluation : IDisposable
{
    private static readonly string[] Sets = ["", "mean_target_", "source_copy_"];
    private readonly List<Mat> _targets = [];
    private readonly List<Mat> _outputs = [];
    private readonly List<Mat> _sources = [];
    private readonly List<PersonPose> _poses = [];
    private Size? _size;

    public int Count => _targets.Count;

    /// <summary>The dataset's image size: the first target's (null before any pair).</summary>
    public Size? ImageSize => _size;

    /// <summary>True when <paramref name="triples"/> come from pairs.csv (their target is the pose image itself).</summary>
    public static bool ArePairs(IEnumerable<TransferTriple> triples) => triples.Any() && triples.All(t => t.TargetName is null);

    /// <summary>Adds one pair with the model's square output for it (not taken over).</summary>
    public void Add(TransferTriple triple, Mat modelOutput)
    {
        ArgumentNullException.ThrowIfNull(triple);
        ArgumentNullException.ThrowIfNull(modelOutput);
        Mat target = Read(triple.TargetPath, "pair target");
        PersonPose pose = triple.Pose.Pose;
        Mat? output = null, source = null;
        try
        {
            output = PreparedSample.FromSquare(modelOutput, target.Cols, target.Rows);
            Size size = _size ??= target.Size();
            if (target.Size() != size)
            {
                pose = pose.Scale((float)size.Width / target.Cols, (float)size.Height / target.Rows);
                target = Resized(target, size);
                output = Resized(output, size);
            }

            source = Resized(Read(triple.Appearance.ImagePath, "pair source"), size);
            _targets.Add(target);
            _outputs.Add(output);
            _sources.Add(source);
            _poses.Add(pose);
        }
        catch
        {
            target.Dispose();
            output?.Dispose();
            source?.Dispose();
            throw;
        }
    }

    /// <summary>Adds the <c>pairs_*</c> keys (nothing without pairs); re-detection keys only with <paramref name="redetection"/>.</summary>
    public void Report(MeasurementReport report, PoseRedetection? redetection)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Count == 0 || _size is not Size size)
        {
            return;
        }

        using Mat mean = MeanPerson.Of(_targets);
        IReadOnlyList<Mat>[] outputs = [_outputs, [.. Enumerable.Repeat(mean, Count)], _sources];
        string[] what = ["the model's transfer", "baseline, the mean of all the pairs' targets", "baseline, the source image copied"];
        report.Add("pairs_count", Count, "", "pairs of pairs.csv scored at the dataset's image size")
            .Add("image_width", size.Width, "px", "the dataset's image width (outputs are scored at it)")
            .Add("image_height", size.Height, "px", "the dataset's image height");
        for (int s = 0; s < Sets.Length; s++)
        {
            IReadOnlyList<Mat> set = outputs[s];
            report.Add($"pairs_{Sets[s]}ssim", Enumerable.Range(0, Count).Average(i => ImageMetrics.Ssim(_targets[i], set[i])), "", $"SSIM vs the target; {what[s]}");
        }

        for (int s = 0; s < Sets.Length; s++)
        {
            IReadOnlyList<Mat> set = outputs[s];
            double error = Enumerable.Range(0, Count).Select(i => PartColours.Error(set[i], _targets[i], _poses[i]))
                .Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
            report.Add($"pairs_{Sets[s]}part_colour_error", error, "0-255", $"mean |dRGB| of the 9 body parts' mean colours vs the target's; {what[s]}");
        }

        if (redetection is null)
        {
            return;
        }

        string[] redetected = [.. Sets, "target_"];
        IReadOnlyList<Mat>[] images = [.. outputs, _targets];
        string[] whose = [.. what, "the target itself (the estimator's own error)"];
        for (int s = 0; s < redetected.Length; s++)
        {
            RedetectionScore score = redetection([.. images[s].Zip(_poses)]);
            string p = $"pairs_{redetected[s]}redetection_";
            report.Add(p + "rate", score.Rate, "", $"share of images in which the pose estimator finds a person; {whose[s]}")
                .Add(p + "error", score.MeanError, "px", "mean distance of the re-detected joints to the target pose (joints present in both)")
                .Add(p + "error_height_fraction", score.MeanErrorHeightFraction, "heights", "the same divided by the target's body height (head to foot)");
        }
    }

    /// <summary>The pairs measures of <paramref name="report"/> as a small table (model | mean target | source copied | target), or null without them.</summary>
    public static string? ComparisonTable(MeasurementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var values = report.Rows.Where(r => r.Value is double).ToDictionary(r => r.Key, r => (double)r.Value, StringComparer.Ordinal);
        if (!values.TryGetValue("pairs_count", out double count))
        {
            return null;
        }

        (string Label, string Key, string Format)[] measures =
        [
            ("SSIM", "ssim", "0.000"),
            ("part-colour error (0-255)", "part_colour_error", "0.0"),
            ("re-detection rate", "redetection_rate", "0.00"),
            ("re-detection error (px)", "redetection_error", "0.0"),
            ("re-detection error / body height", "redetection_error_height_fraction", "0.000"),
        ];
        string[] columns = ["model", "mean target", "source copied", "target itself"];
        string[] sets = ["", "mean_target_", "source_copy_", "target_"];
        List<string[]> rows = [["", .. columns]];
        foreach ((string label, string key, string format) in measures)
        {
            if (!values.ContainsKey($"pairs_{key}"))
            {
                continue;
            }

            rows.Add([label, .. sets.Select(s => values.TryGetValue($"pairs_{s}{key}", out double v) && double.IsFinite(v)
                ? v.ToString(format, CultureInfo.InvariantCulture) : "-")]);
        }

        int[] widths = [.. Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length))];
        var text = new StringBuilder();
        double width = values.GetValueOrDefault("image_width"), height = values.GetValueOrDefault("image_height");
        text.Append(CultureInfo.InvariantCulture, $"pairs at the dataset's image size ({count:0} pairs, {width:0}x{height:0}):").AppendLine();
        foreach (string[] row in rows)
        {
            text.Append("  ").Append(row[0].PadRight(widths[0]));
            for (int c = 1; c < row.Length; c++)
            {
                text.Append(" | ").Append(row[c].PadLeft(widths[c]));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public void Dispose()
    {
        foreach (Mat m in _targets.Concat(_outputs).Concat(_sources))
        {
            m.Dispose();
        }

        _targets.Clear();
        _outputs.Clear();
        _sources.Clear();
        _poses.Clear();
    }

    private static Mat Read(string path, string what)
    {
        Mat image = Cv2.ImRead(path, ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidDataException($"{path}: {what} cannot be decoded");
        }

        return image;
    }

    // Takes over image: returns it, or a resized copy (disposing it) when its size is not size.
    private static Mat Resized(Mat image, Size size)
    {
        if (image.Size() == size)
        {
            return image;
        }

        using (image)
        {
            var resized = new Mat();
            Cv2.Resize(image, resized, size, 0, 0, size.Width < image.Cols ? InterpolationFlags.Area : InterpolationFlags.Linear);
            return resized;
        }
    }
}
