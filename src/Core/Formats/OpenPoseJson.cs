using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Core.Formats;

/// <summary>
/// OpenPose's per-image JSON (<c>{"version":1.3,"people":[{"pose_keypoints_2d":[x,y,c,...]}]}</c>).
/// Reads COCO-18 (18×3 values) and BODY_25 (25×3, mapped to COCO-18); writes COCO-18, or BODY_25
/// on request. Missing joints are written as 0,0,0 like OpenPose does.
/// </summary>
public static class OpenPoseJson
{
    // BODY_25 index of each COCO-18 joint (BODY_25 adds MidHip at 8 and the feet at 19..24).
    private static readonly int[] Body25ForCoco18 = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

    public static string Serialize(IReadOnlyList<PersonPose> people) => Serialize(people, OpenPoseLayout.Coco18);

    /// <summary>
    /// Writes the people in <paramref name="layout"/>. BODY_25 output fills MidHip (8) with the hip
    /// midpoint when both hips are present and leaves the foot points (19–24), which COCO-18 lacks, missing.
    /// </summary>
    public static string Serialize(IReadOnlyList<PersonPose> people, OpenPoseLayout layout)
    {
        ArgumentNullException.ThrowIfNull(people);
        var array = new JsonArray();
        foreach (PersonPose person in people)
        {
            var values = new JsonArray();
            foreach (Keypoint k in layout == OpenPoseLayout.Body25 ? ToBody25(person) : person.Joints)
            {
                bool present = k.IsPresent;
                values.Add(Round(present ? k.X : 0f));
                values.Add(Round(present ? k.Y : 0f));
                values.Add(Round(present ? k.Confidence : 0f));
            }

            array.Add(new JsonObject { ["person_id"] = new JsonArray(-1), ["pose_keypoints_2d"] = values });
        }

        var root = new JsonObject { ["version"] = 1.3, ["people"] = array };
        return root.ToJsonString();
    }

    public static void Write(string path, IReadOnlyList<PersonPose> people) => AtomicFile.WriteAllText(path, Serialize(people));

    public static void Write(string path, IReadOnlyList<PersonPose> people, OpenPoseLayout layout) =>
        AtomicFile.WriteAllText(path, Serialize(people, layout));

    private static Keypoint[] ToBody25(PersonPose person)
    {
        var body25 = Enumerable.Repeat(Keypoint.Missing, 25).ToArray();
        for (int i = 0; i < Body25ForCoco18.Length; i++)
        {
            body25[Body25ForCoco18[i]] = person[i];
        }

        Keypoint r = person[Coco18.RHip], l = person[Coco18.LHip];
        if (r.IsPresent && l.IsPresent)
        {
            body25[8] = new Keypoint((r.X + l.X) / 2f, (r.Y + l.Y) / 2f, Math.Min(r.Confidence, l.Confidence));
        }

        return body25;
    }

    /// <summary>Parses the JSON text; <paramref name="source"/> names the file in error messages.</summary>
    public static IReadOnlyList<PersonPose> Parse(string json, string source = "<json>")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({ex.Message})", ex);
        }

        if (root?["people"] is not JsonArray people)
        {
            throw new InvalidDataException($"{source}: no \"people\" array (not an OpenPose keypoint file)");
        }

        var result = new List<PersonPose>();
        for (int p = 0; p < people.Count; p++)
        {
            if (people[p]?["pose_keypoints_2d"] is not JsonArray values)
            {
                throw new InvalidDataException($"{source}: person {p} has no \"pose_keypoints_2d\"");
            }

            float[] v;
            try
            {
                v = values.Select(n => n!.GetValue<float>()).ToArray();
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or NullReferenceException)
            {
                throw new InvalidDataException($"{source}: person {p} has a non-numeric keypoint value", ex);
            }

            result.Add(FromFlat(v, source, p));
        }

        return result;
    }

    public static IReadOnlyList<PersonPose> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: keypoint file not found", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    private static PersonPose FromFlat(float[] v, string source, int person)
    {
        int joints = v.Length / 3;
        if (v.Length % 3 != 0 || (joints != 18 && joints != 25))
        {
            throw new InvalidDataException(
                $"{source}: person {person} has {v.Length} values; expected 54 (COCO-18) or 75 (BODY_25) as x,y,confidence triples");
        }

        var k = new Keypoint[Coco18Skeleton.JointCount];
        for (int i = 0; i < k.Length; i++)
        {
            int j = joints == 25 ? Body25ForCoco18[i] : i;
            float x = v[3 * j], y = v[3 * j + 1], c = v[3 * j + 2];
            k[i] = c > 0f ? new Keypoint(x, y, c) : Keypoint.Missing;
        }

        return new PersonPose(k);
    }

    private static double Round(float value) => Math.Round(value, 3);

    /// <summary>The file name OpenPose gives frame <paramref name="index"/> of a clip: <c>{stem}_{index:000000000000}_keypoints.json</c>.</summary>
    public static string FrameFileName(string stem, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{stem}_{index:000000000000}_keypoints.json");
}

/// <summary>The keypoint layouts of OpenPose's JSON output.</summary>
public enum OpenPoseLayout
{
    /// <summary>18 joints (OpenPose's COCO model), the order VUNet uses.</summary>
    Coco18,

    /// <summary>25 joints (OpenPose's default BODY_25 model): COCO-18 plus MidHip and six foot points.</summary>
    Body25,
}
