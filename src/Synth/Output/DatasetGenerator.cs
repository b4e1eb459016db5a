using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Core.Formats;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.People;
using VUnetStream.Synth.Rendering;

namespace VUnetStream.Synth.Output;

/// <summary>What <see cref="DatasetGenerator.WriteAsync"/> made.</summary>
public sealed record DatasetResult(string OutDir, int TrainPeople, int TestPeople, int TrainImages, int TestImages, int Transfers, TimeSpan Elapsed);

/// <summary>
/// Writes a pose-transfer dataset in the layout of the DeepFashion/Market-1501 benchmarks:
/// <c>train/</c> and <c>test/</c> with disjoint people, each with <c>images/</c>, <c>annotations.csv</c>
/// (name:keypoints_y:keypoints_x), <c>people.csv</c> (image → person and appearance) and
/// <c>pairs.csv</c> (from,to: the same person in two poses); <c>test/transfer.csv</c>
/// (appearance,pose,target) with the ground-truth renders in <c>test/targets/</c>; the person's soft matte of
/// every image in <c>SPLIT/masks/</c> and of every target in <c>test/target_masks/</c>; and
/// <c>dataset.json</c>. Built under a temporary name and renamed into place when complete.
/// </summary>
public static class DatasetGenerator
{
    public const string IndexFile = "dataset.json";

    /// <summary>Per split: the person's soft matte of each image (8-bit PNG, same name, 255 = person).</summary>
    public const string MaskFolder = "masks";

    /// <summary>In test/: the matte of each transfer target.</summary>
    public const string TargetMaskFolder = "target_masks";

    /// <summary>Renders one planned image exactly as the dataset contains it.</summary>
    public static RenderedPerson RenderImage(DatasetPlan plan, PlannedImage image, int size)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(image);
        SynthPerson person = plan.Person(image.PersonId);
        return StillRenderer.Render(person.Appearance, person.Body, image.Pose, size);
    }

    /// <summary>Renders the ground truth of a transfer: A's appearance on B's skeleton, seen by B's camera.</summary>
    public static RenderedPerson RenderTransfer(DatasetPlan plan, PlannedTransfer transfer, int size)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(transfer);
        PlannedImage poseImage = plan.Image(transfer.PoseImage);
        SynthPerson b = plan.Person(poseImage.PersonId);
        Skeleton world = BodyKinematics.Solve(b.Body, poseImage.Pose);
        Camera camera = Camera.FrameFullBody(world, size, size, StillRenderer.DefaultMargin);
        return StillRenderer.Render(plan.Person(transfer.AppearancePersonId).Appearance, world, camera, size);
    }

    public static Task<DatasetResult> WriteAsync(DatasetOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        DatasetPlan plan = DatasetPlan.Create(options);
        return Task.Run(() => Write(options, plan, progress, cancellationToken), cancellationToken);
    }

    private static DatasetResult Write(DatasetOptions options, DatasetPlan plan, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using StagedDirectory staged = StagedDirectory.Begin(options.OutDir, options.Overwrite);
        int total = plan.Images.Count + plan.Transfers.Count, done = 0;
        foreach (bool test in (ReadOnlySpan<bool>)[false, true])
        {
            string split = Path.Combine(staged.StagingPath, test ? "test" : "train");
            string imageDir = Path.Combine(split, "images");
            string maskDir = Path.Combine(split, MaskFolder);
            Directory.CreateDirectory(imageDir);
            Directory.CreateDirectory(maskDir);
            var annotations = new List<(string, PersonPose)>();
            var people = new StringBuilder("image,person," + string.Join(',', Appearance.CsvColumns) + "\n");
            var pairs = new StringBuilder("from,to\n");
            List<PlannedImage> images = [.. plan.Images.Where(i => i.Test == test)];
            foreach (PlannedImage image in images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using RenderedPerson render = RenderImage(plan, image, options.Size);
                ClipGenerator.WritePng(Path.Combine(imageDir, image.Name), render.Image);
                ClipGenerator.WritePng(Path.Combine(maskDir, image.Name), render.Matte);
                annotations.Add((image.Name, render.Keypoints));
                SynthPerson person = plan.Person(image.PersonId);
                people.Append(image.Name).Append(',').Append(person.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .AppendJoin(',', person.Appearance.CsvFields()).Append('\n');
                Report(progress, ++done, total);
            }

            foreach (IGrouping<int, PlannedImage> person in images.GroupBy(i => i.PersonId))
            {
                foreach (PlannedImage from in person)
                {
                    foreach (PlannedImage to in person.Where(t => t != from))
                    {
                        pairs.Append(from.Name).Append(',').Append(to.Name).Append('\n');
                    }
                }
            }

            BenchmarkCsv.Write(Path.Combine(split, "annotations.csv"), annotations);
            AtomicFile.WriteAllText(Path.Combine(split, "people.csv"), people.ToString());
            AtomicFile.WriteAllText(Path.Combine(split, "pairs.csv"), pairs.ToString());
        }

        string targets = Path.Combine(staged.StagingPath, "test", "targets");
        string targetMasks = Path.Combine(staged.StagingPath, "test", TargetMaskFolder);
        Directory.CreateDirectory(targets);
        Directory.CreateDirectory(targetMasks);
        var transfer = new StringBuilder("appearance,pose,target\n");
        foreach (PlannedTransfer t in plan.Transfers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using RenderedPerson render = RenderTransfer(plan, t, options.Size);
            ClipGenerator.WritePng(Path.Combine(targets, t.TargetName), render.Image);
            ClipGenerator.WritePng(Path.Combine(targetMasks, t.TargetName), render.Matte);
            transfer.Append(t.AppearanceImage).Append(',').Append(t.PoseImage).Append(',').Append(t.TargetName).Append('\n');
            Report(progress, ++done, total);
        }

        AtomicFile.WriteAllText(Path.Combine(staged.StagingPath, "test", "transfer.csv"), transfer.ToString());
        var result = new DatasetResult(staged.FinalPath,
            options.People - options.TestPeople, options.TestPeople,
            plan.Images.Count(i => !i.Test), plan.Images.Count(i => i.Test), plan.Transfers.Count, clock.Elapsed);
        AtomicFile.WriteAllText(Path.Combine(staged.StagingPath, IndexFile), IndexJson(options, result));
        staged.Commit();
        return result;
    }

    private static void Report(IProgress<string>? progress, int done, int total)
    {
        if (progress is not null && (done % 50 == 0 || done == total))
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"{done}/{total} images"));
        }
    }

    private static string IndexJson(DatasetOptions options, DatasetResult result)
    {
        var root = new JsonObject
        {
            ["generator"] = GeneratorInfo.Name,
            ["generator_version"] = GeneratorInfo.Version,
            ["seed"] = options.Seed,
            ["size"] = options.Size,
            ["people"] = options.People,
            ["poses_per_person"] = options.Poses,
            ["test_fraction"] = options.TestFraction,
            ["keypoints"] = "COCO-18 (OpenPose order) in annotations.csv, -1 = outside the image or a face point turned away",
            ["train"] = new JsonObject
            {
                ["people"] = result.TrainPeople,
                ["images"] = result.TrainImages,
                ["pairs"] = result.TrainImages * (options.Poses - 1),
            },
            ["test"] = new JsonObject
            {
                ["people"] = result.TestPeople,
                ["images"] = result.TestImages,
                ["pairs"] = result.TestImages * (options.Poses - 1),
                ["transfers"] = result.Transfers,
            },
            [MeasurementReport.UnitsKey] = new JsonObject { ["size"] = "px" },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
