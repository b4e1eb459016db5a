using System.Globalization;
using System.Text;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// The measures of <c>eval-video</c>, frame by frame against the real held-out frames: SSIM, PSNR and L1 of the whole
/// frame and of the person's box (the real person's mask and joints, grown by <see cref="BoxMargin"/> of its height),
/// part-colour error (the body parts located from the real frame's pose, inside its person mask), and pose re-detection
/// (BlazePose on the generated frame against the pose that drove it, px and body heights, as the paper's Table 2). The
/// model's frames stand beside two trivial outputs, so a number has a scale: <c>plate_</c>, the clean plate alone (no
/// person at all), and <c>first_frame_</c>, the frame the appearance came from copied (the right person in the wrong
/// pose); <c>real_frame_redetection_*</c> re-detects the real frames themselves, the estimator's own error, the floor.
/// </summary>
internal sealed class SelfReenactmentScores
{
    /// <summary>The box around the person grows by this share of its height on every side (the outline, hair, a loose sleeve).</summary>
    public const double BoxMargin = 0.1;

    /// <summary>Key prefixes of the scored outputs, in the order <see cref="Add"/> takes them: the model, then the baselines.</summary>
    public static readonly string[] Sets = ["", "plate_", "first_frame_"];

    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<(PersonPose Target, PersonPose Detected)>[] _redetected = [.. Enumerable.Range(0, Sets.Length + 1).Select(_ => new List<(PersonPose, PersonPose)>())];
    private readonly Dictionary<Mat, PersonPose> _detectedOnce = new(ReferenceEqualityComparer.Instance);

    public int Frames { get; private set; }

    /// <summary>
    /// Scores one held-out frame: <paramref name="real"/> with its person mask (8-bit, ≥ 128 = person) and pose, against
    /// each of <paramref name="outputs"/> (in <see cref="Sets"/> order, the real frame's size). An output given for
    /// several frames (a baseline image) is re-detected once. <paramref name="detect"/> is the pose estimator.
    /// </summary>
    public void Add(Mat real, Mat realMask, PersonPose pose, IReadOnlyList<Mat> outputs, Func<Mat, PersonPose> detect)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(detect);
        if (outputs.Count != Sets.Length)
        {
            throw new ArgumentException($"expected {Sets.Length} outputs (model, plate, first frame), got {outputs.Count}", nameof(outputs));
        }

        Rect box = PersonBox(realMask, pose, real.Size());
        using Mat realBox = new(real, box);
        for (int s = 0; s < Sets.Length; s++)
        {
            Mat output = outputs[s];
            using Mat outputBox = new(output, box);
            Record(Sets[s] + "frame_ssim", FrameMeasures.Ssim(real, output));
            Record(Sets[s] + "frame_psnr", FrameMeasures.Psnr(real, output));
            Record(Sets[s] + "frame_l1", FrameMeasures.L1(real, output));
            Record(Sets[s] + "person_box_ssim", FrameMeasures.Ssim(realBox, outputBox));
            Record(Sets[s] + "person_box_psnr", FrameMeasures.Psnr(realBox, outputBox));
            Record(Sets[s] + "person_box_l1", FrameMeasures.L1(realBox, outputBox));
            Record(Sets[s] + "part_colour_error", FrameMeasures.PartColourError(output, real, pose, realMask));
            // The baselines are one image for every frame: detect each once.
            PersonPose found;
            if (s > 0 && _detectedOnce.TryGetValue(output, out PersonPose? cached))
            {
                found = cached;
            }
            else
            {
                found = detect(output);
                if (s > 0)
                {
                    _detectedOnce[output] = found;
                }
            }

            _redetected[s].Add((pose, found));
        }

        _redetected[Sets.Length].Add((pose, detect(real)));
        Frames++;
    }

    /// <summary>
    /// The box of the person in a frame of <paramref name="frame"/> size: the hard mask's and the joints' bounding box,
    /// grown by <see cref="BoxMargin"/> of its height on every side, at least SSIM's window wide and high, inside the frame.
    /// </summary>
    public static Rect PersonBox(Mat mask, PersonPose pose, Size frame)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(pose);
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        using (var hard = new Mat())
        {
            Cv2.Threshold(mask, hard, 127, 255, ThresholdTypes.Binary);
            Rect masked = Cv2.BoundingRect(hard);
            if (masked.Width > 0 && masked.Height > 0)
            {
                (left, top, right, bottom) = (masked.Left, masked.Top, masked.Right, masked.Bottom);
            }
        }

        foreach (Keypoint k in pose.Joints.Where(k => k.IsPresent))
        {
            (left, top, right, bottom) = (Math.Min(left, k.X), Math.Min(top, k.Y), Math.Max(right, k.X + 1), Math.Max(bottom, k.Y + 1));
        }

        if (left > right)
        {
            return new Rect(0, 0, frame.Width, frame.Height); // nobody anywhere: the whole frame
        }

        float margin = (float)(BoxMargin * (bottom - top));
        int min = FrameMeasures.MinSsimSide;
        int x0 = (int)Math.Floor(left - margin), y0 = (int)Math.Floor(top - margin);
        int x1 = (int)Math.Ceiling(right + margin), y1 = (int)Math.Ceiling(bottom + margin);
        (x0, x1) = Fit(x0, x1, min, frame.Width);
        (y0, y1) = Fit(y0, y1, min, frame.Height);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>Adds the measures (means over the scored frames) to <paramref name="report"/>.</summary>
    public void Report(MeasurementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string[] what = ["the model's frame", "baseline, the clean plate alone", "baseline, the appearance frame copied"];
        for (int s = 0; s < Sets.Length; s++)
        {
            string p = Sets[s];
            report.Add(p + "frame_ssim", Mean(p + "frame_ssim"), "", $"SSIM of the whole frame vs the real one; {what[s]}")
                .Add(p + "frame_psnr", Mean(p + "frame_psnr"), "dB", "PSNR of the whole frame")
                .Add(p + "frame_l1", Mean(p + "frame_l1"), "", "mean |difference| of the whole frame, 0-1")
                .Add(p + "person_box_ssim", Mean(p + "person_box_ssim"), "", "SSIM in the real person's box")
                .Add(p + "person_box_psnr", Mean(p + "person_box_psnr"), "dB", "PSNR in the real person's box")
                .Add(p + "person_box_l1", Mean(p + "person_box_l1"), "", "mean |difference| in the real person's box, 0-1")
                .Add(p + "part_colour_error", Mean(p + "part_colour_error"), "0-255", "mean |dRGB| of the body parts' mean colours vs the real frame's (inside its person mask)");
            AddRedetection(report, p, _redetected[s], what[s]);
            if (s == 0)
            {
                // The issue's name for the same number (the project's keys carry no unit: redetection_error is in px).
                report.Add("redetection_error_px", Score(_redetected[0]).MeanError, "px", "the same as redetection_error (named so in issue 15)");
            }
        }

        AddRedetection(report, "real_frame_", _redetected[Sets.Length], "the real frame itself (the estimator's own error, the floor)");
    }

    /// <summary>The measures of a report as a small table (model | clean plate | appearance frame copied | real frame).</summary>
    public static string ComparisonTable(MeasurementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var values = report.Rows.Where(r => r.Value is double).ToDictionary(r => r.Key, r => (double)r.Value, StringComparer.Ordinal);
        (string Label, string Key, string Format)[] rows =
        [
            ("frame SSIM", "frame_ssim", "0.000"), ("frame PSNR (dB)", "frame_psnr", "0.00"), ("frame L1", "frame_l1", "0.000"),
            ("person-box SSIM", "person_box_ssim", "0.000"), ("person-box PSNR (dB)", "person_box_psnr", "0.00"), ("person-box L1", "person_box_l1", "0.000"),
            ("part-colour error (0-255)", "part_colour_error", "0.0"), ("re-detection rate", "redetection_rate", "0.00"),
            ("re-detection error (px)", "redetection_error", "0.0"), ("re-detection error / body height", "redetection_error_height_fraction", "0.000"),
        ];
        string[] sets = [.. Sets, "real_frame_"];
        List<string[]> table = [["", "model", "clean plate", "appearance frame copied", "real frame"]];
        foreach ((string label, string key, string format) in rows)
        {
            table.Add([label, .. sets.Select(s => values.TryGetValue(s + key, out double v) && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-")]);
        }

        int[] widths = [.. Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length))];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"held-out frames scored: {values.GetValueOrDefault("scored_frames"):0}").AppendLine();
        foreach (string[] row in table)
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

    private static void AddRedetection(MeasurementReport report, string prefix, List<(PersonPose Target, PersonPose Detected)> poses, string whose)
    {
        RedetectionScore score = Score(poses);
        report.Add(prefix + "redetection_rate", score.Rate, "", $"share of frames in which BlazePose finds a person; {whose}")
            .Add(prefix + "redetection_error", score.MeanError, "px", "mean distance of the re-detected joints to the driving pose (joints present in both)")
            .Add(prefix + "redetection_error_height_fraction", score.MeanErrorHeightFraction, "heights", "the same divided by the driving pose's body height (head to foot)");
    }

    private static RedetectionScore Score(List<(PersonPose Target, PersonPose Detected)> poses) => Redetection.Compare(poses);

    private void Record(string key, double value)
    {
        if (!_values.TryGetValue(key, out List<double>? list))
        {
            _values[key] = list = [];
        }

        list.Add(value);
    }

    private double Mean(string key) =>
        _values.TryGetValue(key, out List<double>? list) ? list.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average() : double.NaN;

    // [a, b) grown to at least min wide (about its middle), then moved and clipped into [0, limit).
    private static (int, int) Fit(int a, int b, int min, int limit)
    {
        if (b - a < min)
        {
            int middle = (a + b) / 2;
            a = middle - min / 2;
            b = a + min;
        }

        if (a < 0)
        {
            b -= a;
            a = 0;
        }

        if (b > limit)
        {
            a -= b - limit;
            b = limit;
        }

        return (Math.Max(0, a), Math.Min(limit, b));
    }
}
