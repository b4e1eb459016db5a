using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Tests.Data;

/// <summary>
/// Small synthetic people for tests (independent of the synth generator): a stick figure with a
/// filled torso, drawn with OpenCV in one of a few appearances on a plain background, written in the
/// synth dataset layout (train/ and test/ with images/, annotations.csv, pairs.csv; test/transfer.csv
/// with ground truths in test/targets/).
/// </summary>
internal static class TinyPeople
{
    public sealed record Look(Scalar Background, Scalar Skin, Scalar Shirt, Scalar Pants);

    public static Look RandomLook(Random random)
    {
        Scalar Color() => new(random.Next(30, 226), random.Next(30, 226), random.Next(30, 226));
        return new Look(Color(), new Scalar(120, 160, 210), Color(), Color());
    }

    public static PersonPose RandomPose(Random random, int size)
    {
        float s = size;
        float cx = s * (0.5f + (float)(random.NextDouble() - 0.5) * 0.1f);
        float Jitter(float amount) => (float)(random.NextDouble() - 0.5) * 2 * amount * s;
        var k = new Keypoint[Coco18Skeleton.JointCount];
        (float X, float Y) neck = (cx, 0.27f * s);
        k[(int)Coco18.Neck] = Keypoint.At(neck.X, neck.Y);
        k[(int)Coco18.Nose] = Keypoint.At(cx + Jitter(0.02f), 0.17f * s);
        k[(int)Coco18.REye] = Keypoint.At(cx - 0.03f * s, 0.15f * s);
        k[(int)Coco18.LEye] = Keypoint.At(cx + 0.03f * s, 0.15f * s);
        k[(int)Coco18.REar] = Keypoint.At(cx - 0.05f * s, 0.16f * s);
        k[(int)Coco18.LEar] = Keypoint.At(cx + 0.05f * s, 0.16f * s);
        k[(int)Coco18.RShoulder] = Keypoint.At(cx - 0.12f * s, 0.28f * s);
        k[(int)Coco18.LShoulder] = Keypoint.At(cx + 0.12f * s, 0.28f * s);
        k[(int)Coco18.RElbow] = Keypoint.At(cx - 0.16f * s + Jitter(0.08f), 0.42f * s + Jitter(0.06f));
        k[(int)Coco18.LElbow] = Keypoint.At(cx + 0.16f * s + Jitter(0.08f), 0.42f * s + Jitter(0.06f));
        k[(int)Coco18.RWrist] = Keypoint.At(cx - 0.18f * s + Jitter(0.12f), 0.55f * s + Jitter(0.1f));
        k[(int)Coco18.LWrist] = Keypoint.At(cx + 0.18f * s + Jitter(0.12f), 0.55f * s + Jitter(0.1f));
        k[(int)Coco18.RHip] = Keypoint.At(cx - 0.07f * s, 0.56f * s);
        k[(int)Coco18.LHip] = Keypoint.At(cx + 0.07f * s, 0.56f * s);
        k[(int)Coco18.RKnee] = Keypoint.At(cx - 0.08f * s + Jitter(0.05f), 0.73f * s);
        k[(int)Coco18.LKnee] = Keypoint.At(cx + 0.08f * s + Jitter(0.05f), 0.73f * s);
        k[(int)Coco18.RAnkle] = Keypoint.At(cx - 0.09f * s + Jitter(0.07f), 0.9f * s);
        k[(int)Coco18.LAnkle] = Keypoint.At(cx + 0.09f * s + Jitter(0.07f), 0.9f * s);
        return new PersonPose(k);
    }

    public static Mat Render(PersonPose pose, Look look, int size)
    {
        var image = new Mat(size, size, MatType.CV_8UC3, look.Background);
        int t = Math.Max(2, size / 16);
        Point P(Coco18 j) => new((int)pose[j].X, (int)pose[j].Y);
        Cv2.FillConvexPoly(image, new[] { P(Coco18.LShoulder), P(Coco18.RShoulder), P(Coco18.RHip), P(Coco18.LHip) }, look.Shirt);
        Cv2.Line(image, P(Coco18.RShoulder), P(Coco18.RElbow), look.Shirt, t);
        Cv2.Line(image, P(Coco18.LShoulder), P(Coco18.LElbow), look.Shirt, t);
        Cv2.Line(image, P(Coco18.RElbow), P(Coco18.RWrist), look.Skin, t);
        Cv2.Line(image, P(Coco18.LElbow), P(Coco18.LWrist), look.Skin, t);
        Cv2.Line(image, P(Coco18.RHip), P(Coco18.RKnee), look.Pants, t + 1);
        Cv2.Line(image, P(Coco18.LHip), P(Coco18.LKnee), look.Pants, t + 1);
        Cv2.Line(image, P(Coco18.RKnee), P(Coco18.RAnkle), look.Pants, t);
        Cv2.Line(image, P(Coco18.LKnee), P(Coco18.LAnkle), look.Pants, t);
        Cv2.Circle(image, P(Coco18.Nose), Math.Max(2, size / 12), look.Skin, -1);
        return image;
    }

    /// <summary>The exact person mask of <see cref="Render"/> (8-bit, 255 = person, 0 = background).</summary>
    public static Mat RenderMask(PersonPose pose, int size)
    {
        var white = new Look(Scalar.All(0), Scalar.All(255), Scalar.All(255), Scalar.All(255));
        using Mat drawn = Render(pose, white, size);
        var mask = new Mat();
        Cv2.CvtColor(drawn, mask, ColorConversionCodes.BGR2GRAY);
        return mask;
    }

    /// <summary>
    /// Writes a dataset root with train/ and test/ splits; returns its path. With <paramref name="masks"/>,
    /// also the person masks (masks/, test/target_masks/) and people.csv (every image a person of its own)
    /// that <c>vunet synth dataset</c> provides.
    /// </summary>
    public static string WriteDataset(string root, int trainCount, int testCount, int size, int seed, int transfers = 4, bool masks = false)
    {
        var random = new Random(seed);
        WriteSplit(Path.Combine(root, "train"), trainCount, size, random, 0, masks);
        WriteSplit(Path.Combine(root, "test"), testCount, size, random, transfers, masks);
        return root;
    }

    private static void WriteSplit(string dir, int count, int size, Random random, int transfers, bool masks)
    {
        if (masks)
        {
            Directory.CreateDirectory(Path.Combine(dir, "masks"));
        }

        Directory.CreateDirectory(Path.Combine(dir, "images"));
        var entries = new List<(string, PersonPose)>();
        var looks = new List<Look>();
        for (int i = 0; i < count; i++)
        {
            Look look = RandomLook(random);
            PersonPose pose = RandomPose(random, size);
            string name = $"person{i:D4}.png";
            using Mat image = Render(pose, look, size);
            Cv2.ImWrite(Path.Combine(dir, "images", name), image);
            if (masks)
            {
                using Mat mask = RenderMask(pose, size);
                Cv2.ImWrite(Path.Combine(dir, "masks", name), mask);
            }

            entries.Add((name, pose));
            looks.Add(look);
        }

        if (masks)
        {
            File.WriteAllText(Path.Combine(dir, "people.csv"), "image,person\n" + string.Concat(entries.Select((e, i) => $"{e.Item1},{i}\n")));
        }

        BenchmarkCsv.Write(Path.Combine(dir, "annotations.csv"), entries);
        File.WriteAllText(Path.Combine(dir, "pairs.csv"), "from,to\n");
        if (transfers > 0)
        {
            Directory.CreateDirectory(Path.Combine(dir, "targets"));
            var lines = new List<string> { "appearance,pose,target" };
            for (int i = 0; i < transfers && count > 1; i++)
            {
                int a = i % count;
                int p = (i + 1) % count;
                string target = $"transfer{i:D4}.png";
                using Mat truth = Render(entries[p].Item2, looks[a], size);
                Cv2.ImWrite(Path.Combine(dir, "targets", target), truth);
                if (masks)
                {
                    Directory.CreateDirectory(Path.Combine(dir, "target_masks"));
                    using Mat mask = RenderMask(entries[p].Item2, size);
                    Cv2.ImWrite(Path.Combine(dir, "target_masks", target), mask);
                }

                lines.Add($"{entries[a].Item1},{entries[p].Item1},{target}");
            }

            File.WriteAllText(Path.Combine(dir, "transfer.csv"), string.Join("\n", lines) + "\n");
        }
    }
}
