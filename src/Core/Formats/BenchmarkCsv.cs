using System.Globalization;
using System.Text;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Core.Formats;

/// <summary>
/// The pose-transfer benchmark annotation file used for DeepFashion and Market-1501:
/// a header <c>name:keypoints_y:keypoints_x</c>, then one line per image
/// <c>img.jpg: [y0, y1, ...]: [x0, x1, ...]</c> with 18 integers each in COCO-18 order, −1 for missing.
/// </summary>
public static class BenchmarkCsv
{
    public const string Header = "name:keypoints_y:keypoints_x";

    public static string Serialize(IEnumerable<(string Name, PersonPose Pose)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new StringBuilder();
        builder.Append(Header).Append('\n');
        foreach ((string name, PersonPose pose) in entries)
        {
            if (name.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"image name '{name}' contains ':', which this format uses as its separator");
            }

            IEnumerable<string> ys = pose.Joints.Select(k => k.IsPresent ? ((int)MathF.Round(k.Y)).ToString(CultureInfo.InvariantCulture) : "-1");
            IEnumerable<string> xs = pose.Joints.Select(k => k.IsPresent ? ((int)MathF.Round(k.X)).ToString(CultureInfo.InvariantCulture) : "-1");
            builder.Append(name).Append(": [").AppendJoin(", ", ys).Append("]: [").AppendJoin(", ", xs).Append("]\n");
        }

        return builder.ToString();
    }

    public static void Write(string path, IEnumerable<(string Name, PersonPose Pose)> entries) =>
        AtomicFile.WriteAllText(path, Serialize(entries));

    /// <summary>Parses the file text; <paramref name="source"/> names the file in error messages.</summary>
    public static IReadOnlyList<(string Name, PersonPose Pose)> Parse(string text, string source = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<(string, PersonPose)>();
        string[] lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.StartsWith("name", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            string[] parts = line.Split(':');
            if (parts.Length != 3)
            {
                throw new InvalidDataException($"{source}:{i + 1}: expected 'name: [y...]: [x...]', got '{Shorten(line)}'");
            }

            int[] ys = ParseList(parts[1], source, i + 1, "y");
            int[] xs = ParseList(parts[2], source, i + 1, "x");
            var joints = new Keypoint[Coco18Skeleton.JointCount];
            for (int j = 0; j < joints.Length; j++)
            {
                joints[j] = ys[j] < 0 || xs[j] < 0 ? Keypoint.Missing : new Keypoint(xs[j], ys[j], 1f);
            }

            result.Add((parts[0].Trim(), new PersonPose(joints)));
        }

        return result;
    }

    public static IReadOnlyList<(string Name, PersonPose Pose)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: annotation file not found", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    private static int[] ParseList(string text, string source, int line, string axis)
    {
        string inner = text.Trim().TrimStart('[').TrimEnd(']');
        string[] items = inner.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length != Coco18Skeleton.JointCount)
        {
            throw new InvalidDataException(
                $"{source}:{line}: {items.Length} {axis} coordinates; a COCO-18 annotation needs {Coco18Skeleton.JointCount}");
        }

        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                throw new InvalidDataException($"{source}:{line}: '{items[i]}' is not a number");
            }

            values[i] = (int)Math.Round(v);
        }

        return values;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
