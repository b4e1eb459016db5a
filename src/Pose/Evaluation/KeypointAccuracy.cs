using System.Text.Json.Nodes;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Pose.Evaluation;

/// <summary>
/// Accumulates keypoint accuracy against reference annotations, per joint:
/// PCK@α (a reference joint counts as correct when the prediction is within α × person height;
/// a missing prediction counts as wrong) and the mean error of the joints that were predicted, in
/// pixels and in person heights. Person height is <see cref="BodyMeasure.VerticalExtent"/> of the
/// reference joints (head-to-ankle for a full body; the visible part's height for a partial one) unless
/// <paramref name="personHeight"/> measures it otherwise.
/// </summary>
public sealed class KeypointAccuracy(double alpha = 0.1, Func<PersonPose, float>? personHeight = null)
{
    private readonly Func<PersonPose, float> _height = personHeight ?? BodyMeasure.VerticalExtent;

    private readonly long[] _reference = new long[Coco18Skeleton.JointCount];
    private readonly long[] _correct = new long[Coco18Skeleton.JointCount];
    private readonly long[] _predicted = new long[Coco18Skeleton.JointCount];
    private readonly double[] _errorPx = new double[Coco18Skeleton.JointCount];
    private readonly double[] _errorHeights = new double[Coco18Skeleton.JointCount];

    public double Alpha { get; } = alpha;

    public int Images { get; private set; }

    /// <summary>Images whose reference had fewer than two joints (no height), skipped.</summary>
    public int Skipped { get; private set; }

    /// <summary>Images in which the estimator found no person at all.</summary>
    public int NoPerson { get; private set; }

    public void Add(PersonPose reference, PersonPose predicted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(predicted);
        float height = _height(reference);
        if (height <= 0)
        {
            Skipped++;
            return;
        }

        Images++;
        if (predicted.IsEmpty)
        {
            NoPerson++;
        }

        for (int j = 0; j < Coco18Skeleton.JointCount; j++)
        {
            Keypoint r = reference[j], p = predicted[j];
            if (!r.IsPresent)
            {
                continue;
            }

            _reference[j]++;
            if (!p.IsPresent)
            {
                continue;
            }

            double error = Math.Sqrt((r.X - p.X) * (r.X - p.X) + (r.Y - p.Y) * (r.Y - p.Y));
            _predicted[j]++;
            _errorPx[j] += error;
            _errorHeights[j] += error / height;
            if (error <= Alpha * height)
            {
                _correct[j]++;
            }
        }
    }

    public double Pck => Ratio(_correct.Sum(), _reference.Sum());

    public double PckOf(int joint) => Ratio(_correct[joint], _reference[joint]);

    /// <summary>Share of reference joints that the estimator gave at all (not marked missing).</summary>
    public double DetectedRate => Ratio(_predicted.Sum(), _reference.Sum());

    public double MeanErrorPx => Ratio(_errorPx.Sum(), _predicted.Sum());

    public double MeanErrorHeights => Ratio(_errorHeights.Sum(), _predicted.Sum());

    public double MeanErrorPxOf(int joint) => Ratio(_errorPx[joint], _predicted[joint]);

    /// <summary>Adds the summary rows and a per-joint table (JSON) to a report, keys prefixed by <paramref name="prefix"/>.</summary>
    public void Report(MeasurementReport report, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(report);
        string pct = ((int)Math.Round(Alpha * 100)).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        report.Add($"{prefix}images", Images, "", "images evaluated");
        report.Add($"{prefix}no_person", NoPerson, "", "images where no person was found");
        report.Add($"{prefix}pck_{pct}", Pck, "", $"PCK@{Alpha}: share of reference joints within {Alpha} x person height");
        report.Add($"{prefix}detected", DetectedRate, "", "share of reference joints the estimator gave (not missing)");
        report.Add($"{prefix}mean_error", MeanErrorPx, "px", "mean distance of given joints to the reference");
        report.Add($"{prefix}mean_error_relative", MeanErrorHeights, "heights", "the same divided by person height");
        var joints = new JsonObject();
        for (int j = 0; j < Coco18Skeleton.JointCount; j++)
        {
            joints[Coco18Skeleton.Names[j]] = new JsonObject
            {
                ["reference"] = _reference[j],
                ["pck"] = Finite(PckOf(j)),
                ["mean_error"] = Finite(MeanErrorPxOf(j)),
                ["mean_error_relative"] = Finite(Ratio(_errorHeights[j], _predicted[j])),
                ["detected"] = Finite(Ratio(_predicted[j], _reference[j])),
            };
        }

        report.Attach($"{prefix}per_joint", joints, new JsonObject
        {
            ["reference"] = "",
            ["pck"] = "",
            ["mean_error"] = "px",
            ["mean_error_relative"] = "heights",
            ["detected"] = "",
        });
    }

    /// <summary>A readable per-joint table.</summary>
    public string JointTable()
    {
        var b = new System.Text.StringBuilder();
        b.AppendLine("  joint        refs    PCK   error px   detected");
        for (int j = 0; j < Coco18Skeleton.JointCount; j++)
        {
            b.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {Coco18Skeleton.Names[j],-10} {_reference[j],6} {Fmt(PckOf(j))} {Fmt(MeanErrorPxOf(j), 10)} {Fmt(Ratio(_predicted[j], _reference[j]), 10)}");
        }

        return b.ToString();
    }

    private static string Fmt(double v, int width = 6) =>
        (double.IsNaN(v) ? "n/a" : v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)).PadLeft(width);

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : a / b;

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
