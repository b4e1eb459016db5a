using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Data;

/// <summary>Which half of a dataset root with <c>train/</c> and <c>test/</c> folders to use.</summary>
public enum DatasetSplit
{
    Train,
    Test,
}

/// <summary>
/// The images and keypoints of one dataset folder, in one of three layouts:
/// <list type="bullet">
/// <item>benchmark (DeepFashion, Market-1501, and each split of <c>vunet synth dataset</c>):
/// <c>annotations.csv</c> (<c>name:keypoints_y:keypoints_x</c>) with the images in <c>images/</c> or beside it;</item>
/// <item>a root with <c>train/</c> and <c>test/</c> splits of that layout (the split is chosen by the caller);</item>
/// <item>OpenPose: images with one <c>NAME_keypoints.json</c> or <c>NAME.json</c> each, beside them or in <c>keypoints/</c> or <c>json/</c>.</item>
/// </list>
/// Policy for bad input: a malformed annotation file (wrong joint count, unparsable line, invalid JSON)
/// stops with an error naming the file and line, because every entry in it is suspect. Problems with
/// single images — file missing, not decodable, no keypoint file, no person, fewer than the four
/// torso joints that the stickman's torso and the torso crop need — leave that image out and are
/// counted in <see cref="Skipped"/>. A dataset in which no image is usable is an error.
/// </summary>
public sealed class PoseDataset
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    private PoseDataset(string root, string layout, IReadOnlyList<PoseSample> samples, IReadOnlyList<DatasetProblem> skipped)
    {
        Root = root;
        Layout = layout;
        Samples = samples;
        Skipped = skipped;
    }

    /// <summary>The folder the images were read from (the split folder for a train/test root).</summary>
    public string Root { get; }

    /// <summary><c>benchmark</c> or <c>openpose</c>.</summary>
    public string Layout { get; }

    public IReadOnlyList<PoseSample> Samples { get; }

    public IReadOnlyList<DatasetProblem> Skipped { get; }

    public int Count => Samples.Count;

    /// <summary>The folder that holds the split <paramref name="split"/> of <paramref name="path"/> (the path itself when it has no splits).</summary>
    public static string ResolveSplit(string path, DatasetSplit split)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path}: dataset folder not found");
        }

        if (File.Exists(Path.Combine(path, "annotations.csv")))
        {
            return path;
        }

        string splitDir = Path.Combine(path, split == DatasetSplit.Train ? "train" : "test");
        return Directory.Exists(splitDir) ? splitDir : path;
    }

    /// <summary>
    /// Opens the dataset at <paramref name="path"/> and checks each image (exists, decodes, torso visible).
    /// With <paramref name="limit"/>, stops after that many usable images (experiments need only a few).
    /// </summary>
    public static PoseDataset Open(string path, DatasetSplit split = DatasetSplit.Train, int? limit = null)
    {
        string root = ResolveSplit(path, split);
        string csv = Path.Combine(root, "annotations.csv");
        if (File.Exists(csv))
        {
            IReadOnlyList<(string Name, PersonPose Pose)> entries = BenchmarkCsv.Read(csv);
            string imageDir = Directory.Exists(Path.Combine(root, "images")) ? Path.Combine(root, "images") : root;
            string? maskDir = PersonMasks.ImageMasks(root);
            var candidates = entries.Select(e => new PoseSample(e.Name, Path.Combine(imageDir, e.Name), e.Pose, MaskFor(maskDir, e.Name)));
            return Check(root, "benchmark", candidates, [], limit, csv);
        }

        string? jsonDir = FindOpenPoseFolder(root);
        if (jsonDir is not null)
        {
            return OpenOpenPose(root, jsonDir, limit);
        }

        throw new InvalidDataException(
            $"{path}: not a dataset folder: expected annotations.csv (benchmark layout), train/ and test/ splits of it, " +
            "or images with OpenPose keypoint JSON files");
    }

    /// <summary>True when every sample has a person matte (<see cref="PersonMasks"/>; what training an alpha output needs).</summary>
    public bool HasMasks => Samples.All(s => s.MaskPath is not null);

    private static string? MaskFor(string? maskDir, string name)
    {
        if (maskDir is null)
        {
            return null;
        }

        string path = Path.Combine(maskDir, name);
        return File.Exists(path) ? path : null;
    }

    private static string? FindOpenPoseFolder(string root)
    {
        foreach (string candidate in new[] { root, Path.Combine(root, "keypoints"), Path.Combine(root, "json") })
        {
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
            {
                return candidate;
            }
        }

        return null;
    }

    private static PoseDataset OpenOpenPose(string root, string jsonDir, int? limit)
    {
        string imageDir = Directory.Exists(Path.Combine(root, "images")) ? Path.Combine(root, "images") : root;
        var candidates = new List<PoseSample>();
        var problems = new List<DatasetProblem>();
        IEnumerable<string> images = Directory.EnumerateFiles(imageDir)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
        foreach (string image in images)
        {
            string stem = Path.GetFileNameWithoutExtension(image);
            string? json = new[] { $"{stem}_keypoints.json", $"{stem}.json" }
                .Select(n => Path.Combine(jsonDir, n)).FirstOrDefault(File.Exists);
            if (json is null)
            {
                problems.Add(new DatasetProblem(image, $"no keypoint file ({stem}_keypoints.json or {stem}.json in {jsonDir})"));
                continue;
            }

            IReadOnlyList<PersonPose> people = OpenPoseJson.Read(json);
            if (people.Count == 0)
            {
                problems.Add(new DatasetProblem(json, "no person detected"));
                continue;
            }

            // Several people: the one with the most visible joints is the subject (the others are passers-by).
            PersonPose subject = people.MaxBy(p => p.PresentCount)!;
            candidates.Add(new PoseSample(Path.GetFileName(image), image, subject));
        }

        return Check(root, "openpose", candidates, problems, limit, jsonDir);
    }

    private static PoseDataset Check(
        string root, string layout, IEnumerable<PoseSample> candidates, List<DatasetProblem> problems, int? limit, string source)
    {
        var usable = new List<PoseSample>();
        foreach (PoseSample sample in candidates)
        {
            if (limit is int max && usable.Count >= max)
            {
                break;
            }

            string? problem = Problem(sample);
            if (problem is null)
            {
                usable.Add(sample);
            }
            else
            {
                problems.Add(new DatasetProblem(sample.ImagePath, problem));
            }
        }

        if (usable.Count == 0)
        {
            string reasons = problems.Count == 0
                ? "it lists no images"
                : $"all {problems.Count} images were left out, e.g. {string.Join("; ", problems.Take(3))}";
            throw new InvalidDataException($"{source}: no usable image in this dataset: {reasons}");
        }

        return new PoseDataset(root, layout, usable, problems);
    }

    private static string? Problem(PoseSample sample)
    {
        if (!TorsoVisible(sample.Pose))
        {
            string missing = string.Join(", ", TorsoJoints.Where(j => !sample.Pose[j].IsPresent).Select(j => Coco18Skeleton.Names[(int)j]));
            return $"torso not visible (missing {missing}); the stickman torso and the torso crop need both shoulders and both hips";
        }

        if (!File.Exists(sample.ImagePath))
        {
            return "image file not found";
        }

        using Mat image = Cv2.ImRead(sample.ImagePath, ImreadModes.Color);
        return image.Empty() ? "image cannot be decoded (corrupt or not an image)" : null;
    }

    private static readonly Coco18[] TorsoJoints = [Coco18.LShoulder, Coco18.RShoulder, Coco18.LHip, Coco18.RHip];

    /// <summary>True when the four torso corners are present.</summary>
    public static bool TorsoVisible(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        return TorsoJoints.All(j => pose[j].IsPresent);
    }

    /// <summary>A one-line summary of the images left out ("3 images left out: ... (first 3)"), or null when none.</summary>
    public string? SkippedSummary(int show = 3)
    {
        if (Skipped.Count == 0)
        {
            return null;
        }

        var byReason = Skipped.GroupBy(p => p.Problem.Split(" (")[0]).Select(g => $"{g.Count()} × {g.Key}");
        return $"{Skipped.Count} image(s) left out of {Root} ({string.Join(", ", byReason)}); first: {string.Join("; ", Skipped.Take(show))}";
    }
}
