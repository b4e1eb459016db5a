using OpenCvSharp;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// The appearance measures of <c>vunet eval</c>, for one set of generated images and their truths
/// (reconstructions, or transfers): measures that a model ignoring its appearance code cannot pass,
/// each beside what the mean person (<see cref="MeanPerson"/> of the same truths) scores.
/// Keys, after <c>PREFIX_</c>: <c>part_colour_error</c>, <c>mean_person_colour_error</c>,
/// <c>colour_error_ratio</c>, <c>retrieval_top1</c>, <c>retrieval_top1_deep</c>,
/// <c>retrieval_chance</c>, <c>retrieval_people</c>, <c>resnet18_feature_distance</c>,
/// <c>mean_person_resnet18_feature_distance</c>, <c>ssim_baseline_mean_person</c>, and with person
/// masks <c>person_ssim</c>, <c>person_l1</c>, <c>mean_person_person_ssim</c>,
/// <c>person_ssim_blurred_truth</c>, <c>mask_ssim</c>, <c>mean_person_mask_ssim</c>.
/// </summary>
internal static class AppearanceEvaluation
{
    /// <summary>
    /// Adds the measures of <paramref name="items"/> under <paramref name="prefix"/>. The person-region
    /// keys are added only when every item has a mask (never estimated); with no items every other key
    /// is NaN. <paramref name="peopleSource"/> says where the person ids came from (for the report).
    /// </summary>
    public static void Add(MeasurementReport report, string prefix, IReadOnlyList<ScoredImage> items, FeatureDistance deep, string peopleSource)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(deep);
        Scores s = items.Count == 0 ? Scores.Empty : Compute(items, deep);
        string p = prefix + "_";
        report.Add(p + "part_colour_error", s.PartColourError, "0-255", "mean |dRGB| of the 9 body parts' mean colours, output vs truth (0 = right colours)")
            .Add(p + "mean_person_colour_error", s.MeanPersonColourError, "0-255", "baseline: the same for the mean of all truths (what ignoring z gives)")
            .Add(p + "colour_error_ratio", s.PartColourError / s.MeanPersonColourError, "", "part colour error / mean person's (< 1 beats the baseline, 1 = no better)")
            .Add(p + "retrieval_top1", s.Retrieval.Top1, "", "share of outputs whose nearest truth by part colours is the right person")
            .Add(p + "retrieval_top1_deep", s.DeepRetrieval.Top1, "", $"the same by ResNet-18 {FeatureDistance.DescriptorLayer} features pooled over the person (cosine)")
            .Add(p + "retrieval_chance", s.Retrieval.Chance, "", $"chance level: 1 / {s.Retrieval.People} people among the truths")
            .Add(p + "retrieval_people", peopleSource, "where each truth's person comes from (a transfer shows its appearance image's person)")
            .Add(p + "resnet18_feature_distance", s.FeatureDistance, "", $"mean |d| of channel-normalised ResNet-18 {string.Join("+", FeatureDistance.DistanceLayers)} features (not LPIPS)")
            .Add(p + "mean_person_resnet18_feature_distance", s.MeanPersonFeatureDistance, "", "baseline: the same for the mean person")
            .Add(p + "ssim_baseline_mean_person", s.MeanPersonSsim, "", "baseline: full-frame SSIM of the mean person vs each truth");
        if (s.PersonSsim is double personSsim)
        {
            report.Add(p + "person_ssim", personSsim, "", "SSIM over the truth's person mask (outside set to grey in both)")
                .Add(p + "person_l1", s.PersonL1, "", "mean |truth - output| in [0, 1] over the person mask")
                .Add(p + "mean_person_person_ssim", s.MeanPersonPersonSsim, "", "baseline: person-region SSIM of the mean person")
                .Add(p + "person_ssim_blurred_truth", s.BlurredTruthPersonSsim, "", $"reference: person-region SSIM of the truth blurred by a {PersonRegion.ReferenceBlurSigma:0.#}-px Gaussian (right colours and shapes, slightly soft)")
                .Add(p + "mask_ssim", s.MaskSsim, "", "SSIM over the whole frame with the background outside the truth's mask set to grey in both (the 'mask-SSIM' of pose-transfer papers; the shared grey counts as agreement)")
                .Add(p + "mean_person_mask_ssim", s.MeanPersonMaskSsim, "", "baseline: mask-SSIM of the mean person");
        }
    }

    private sealed record Scores(
        double PartColourError, double MeanPersonColourError, RetrievalResult Retrieval, RetrievalResult DeepRetrieval,
        double FeatureDistance, double MeanPersonFeatureDistance, double MeanPersonSsim,
        double? PersonSsim, double PersonL1, double MeanPersonPersonSsim,
        double BlurredTruthPersonSsim, double MaskSsim, double MeanPersonMaskSsim)
    {
        public static Scores Empty { get; } = new(
            double.NaN, double.NaN, new RetrievalResult(double.NaN, double.NaN, 0, 0), new RetrievalResult(double.NaN, double.NaN, 0, 0),
            double.NaN, double.NaN, double.NaN, null, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
    }

    private static Scores Compute(IReadOnlyList<ScoredImage> items, FeatureDistance deep)
    {
        using Mat mean = MeanPerson.Of([.. items.Select(i => i.Truth)]);
        string[] people = [.. items.Select(i => i.Person)];

        // Every image located with its truth's pose (and mask): the output is meant to be in that pose.
        PartColours[] truths = [.. items.Select(i => PartColours.Measure(i.Truth, i.Pose, i.Mask))];
        PartColours[] outputs = [.. items.Select(i => PartColours.Measure(i.Output, i.Pose, i.Mask))];
        PartColours[] means = [.. items.Select(i => PartColours.Measure(mean, i.Pose, i.Mask))];
        double colourError = FiniteMean(outputs.Zip(truths, PartColours.Distance));
        double meanColourError = FiniteMean(means.Zip(truths, PartColours.Distance));
        RetrievalResult retrieval = AppearanceRetrieval.Top1(outputs, people, truths, people, PartColours.Distance);

        var outputDescriptors = new float[items.Count][];
        var truthDescriptors = new float[items.Count][];
        var distances = new double[items.Count];
        var meanDistances = new double[items.Count];
        using (ImageFeatures meanFeatures = deep.Extract(mean))
        {
            for (int i = 0; i < items.Count; i++)
            {
                using Mat region = Region(items[i]);
                using ImageFeatures output = deep.Extract(items[i].Output);
                using ImageFeatures truth = deep.Extract(items[i].Truth);
                distances[i] = FeatureDistance.Distance(output, truth);
                meanDistances[i] = FeatureDistance.Distance(meanFeatures, truth);
                outputDescriptors[i] = FeatureDistance.Descriptor(output, region);
                truthDescriptors[i] = FeatureDistance.Descriptor(truth, region);
            }
        }

        RetrievalResult deepRetrieval = AppearanceRetrieval.Top1(outputDescriptors, people, truthDescriptors, people, FeatureDistance.CosineDistance);
        double meanSsim = items.Average(i => ImageMetrics.Ssim(i.Truth, mean));

        double? personSsim = null;
        double personL1 = double.NaN, meanPersonSsim = double.NaN;
        double blurredTruthSsim = double.NaN, maskSsim = double.NaN, meanMaskSsim = double.NaN;
        if (items.All(i => i.Mask is not null))
        {
            personSsim = FiniteMean(items.Select(i => PersonRegion.Ssim(i.Truth, i.Output, i.Mask!)));
            personL1 = FiniteMean(items.Select(i => PersonRegion.L1(i.Truth, i.Output, i.Mask!)));
            meanPersonSsim = FiniteMean(items.Select(i => PersonRegion.Ssim(i.Truth, mean, i.Mask!)));
            blurredTruthSsim = FiniteMean(items.Select(i => PersonRegion.BlurredTruthSsim(i.Truth, i.Mask!)));
            maskSsim = FiniteMean(items.Select(i => PersonRegion.MaskSsim(i.Truth, i.Output, i.Mask!)));
            meanMaskSsim = FiniteMean(items.Select(i => PersonRegion.MaskSsim(i.Truth, mean, i.Mask!)));
        }

        return new Scores(
            colourError, meanColourError, retrieval, deepRetrieval, distances.Average(), meanDistances.Average(), meanSsim,
            personSsim, personL1, meanPersonSsim, blurredTruthSsim, maskSsim, meanMaskSsim);
    }

    // The person: the truth's mask if there is one, else the region around the pose's stickman.
    private static Mat Region(ScoredImage item) =>
        item.Mask is { } mask ? PersonRegion.Binarize(mask, item.Truth.Size()) : ShapeMeasures.BodyMask(item.Pose, item.Truth.Cols);

    // Images with nothing to compare (no part in common, an empty mask) are left out rather than counted as 0.
    private static double FiniteMean(IEnumerable<double> values) =>
        values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
}
