using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Application.PersonVideo;

/// <summary>What the frames of a person's video gave (<see cref="PersonVideoDataset"/>).</summary>
public sealed record PersonVideoFrames(int Read, int WithoutPerson, int Unusable, int NearDuplicates, int Kept, int AppearanceFrame, double Seconds)
{
    /// <summary>One frame in this many was looked at (<see cref="PersonVideoDatasetOptions.MaxAnalysedRate"/>).</summary>
    public int Stride { get; init; } = 1;
}

/// <summary>
/// <c>personalize.json</c> in a model folder made by <c>vunet personalize --video</c>: the video it learnt from, the
/// split (so <c>eval-video</c> scores exactly the frames it never trained on), the frame selection, and the checkpoint
/// it started from. Keys without units; <c>units</c> gives them.
/// </summary>
public sealed record PersonalizeManifest
{
    public const string FileName = "personalize.json";
    public const string FormatName = "vunetstream-personalize/1";

    public required VideoIdentity Video { get; init; }

    public required PersonVideoSplit Split { get; init; }

    public required PersonVideoFrames Frames { get; init; }

    public required int MinJoints { get; init; }

    public required double MinPoseChange { get; init; }

    /// <summary>The side of the square frames in <c>data/images</c>.</summary>
    public required int ImageSize { get; init; }

    public required string FromCheckpoint { get; init; }

    public required long FromStep { get; init; }

    public JsonObject ToJson(JsonObject? provenance)
    {
        var json = new JsonObject { ["format"] = FormatName };
        foreach ((string key, JsonNode? value) in provenance ?? [])
        {
            json[key] = value?.DeepClone();
        }

        json["video"] = new JsonObject
        {
            ["path"] = Video.Path, ["size"] = Video.Bytes, ["frames"] = Video.Frames, ["frame_rate"] = Video.Fps, ["width"] = Video.Width, ["height"] = Video.Height,
        };
        json["holdout"] = Split.Holdout;
        json["holdout_start_frame"] = Split.HoldoutStart;
        json["holdout_frames"] = Split.HoldoutFrames;
        json["frame_stride"] = Frames.Stride;
        json["frames_read"] = Frames.Read;
        json["frames_without_person"] = Frames.WithoutPerson;
        json["frames_unusable"] = Frames.Unusable;
        json["frames_near_duplicate"] = Frames.NearDuplicates;
        json["training_frames"] = Frames.Kept;
        json["appearance_frame"] = Frames.AppearanceFrame;
        json["frames_duration"] = Math.Round(Frames.Seconds, 2);
        json["min_joints"] = MinJoints;
        json["min_pose_change"] = MinPoseChange;
        json["image_size"] = ImageSize;
        json["from_checkpoint"] = FromCheckpoint;
        json["from_step"] = FromStep;
        json[MeasurementReport.UnitsKey] = new JsonObject
        {
            ["video"] = new JsonObject { ["size"] = "bytes", ["frames"] = "", ["frame_rate"] = "frames/s", ["width"] = "px", ["height"] = "px" },
            ["holdout"] = "", ["holdout_start_frame"] = "", ["holdout_frames"] = "", ["frame_stride"] = "", ["frames_read"] = "", ["frames_without_person"] = "",
            ["frames_unusable"] = "", ["frames_near_duplicate"] = "", ["training_frames"] = "", ["appearance_frame"] = "",
            ["frames_duration"] = "s", ["min_joints"] = "", ["min_pose_change"] = "body heights", ["image_size"] = "px", ["from_step"] = "",
        };
        return json;
    }

    public void Write(string folder, JsonObject? provenance) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), ToJson(provenance).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The manifest of the model folder <paramref name="folder"/>, or null when it has none.</summary>
    public static PersonalizeManifest? Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            JsonObject json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object");
            if ((string?)json["format"] != FormatName)
            {
                throw new InvalidDataException($"{path}: format is '{(string?)json["format"]}', expected '{FormatName}'");
            }

            JsonNode video = json["video"] ?? throw new InvalidDataException($"{path}: no \"video\"");
            return new PersonalizeManifest
            {
                Video = new VideoIdentity(Value<string>(video, "path", path), Value<long>(video, "size", path), Value<int>(video, "frames", path),
                    Value<double>(video, "frame_rate", path), Value<int>(video, "width", path), Value<int>(video, "height", path)),
                Split = new PersonVideoSplit(Value<double>(json, "holdout", path), Value<int>(video, "frames", path), Value<int>(json, "holdout_start_frame", path)),
                Frames = new PersonVideoFrames(Value<int>(json, "frames_read", path), Value<int>(json, "frames_without_person", path), Value<int>(json, "frames_unusable", path),
                    Value<int>(json, "frames_near_duplicate", path), Value<int>(json, "training_frames", path), Value<int>(json, "appearance_frame", path),
                    Value<double>(json, "frames_duration", path)) { Stride = Value<int>(json, "frame_stride", path) },
                MinJoints = Value<int>(json, "min_joints", path),
                MinPoseChange = Value<double>(json, "min_pose_change", path),
                ImageSize = Value<int>(json, "image_size", path),
                FromCheckpoint = Value<string>(json, "from_checkpoint", path),
                FromStep = Value<long>(json, "from_step", path),
            };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a valid {FileName} ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// The manifest that belongs to a checkpoint a user named: the model folder itself, or the folder a checkpoint
    /// inside it (<c>MODEL_DIR/checkpoints/step-N</c>, or a file in it) belongs to; null for any other checkpoint.
    /// </summary>
    public static PersonalizeManifest? FindFor(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        string full = Path.GetFullPath(checkpointPath);
        string? folder = File.Exists(full) ? Path.GetDirectoryName(full) : full;
        for (int up = 0; up < 3 && folder is not null; up++, folder = Path.GetDirectoryName(folder))
        {
            if (Read(folder) is PersonalizeManifest manifest)
            {
                return manifest;
            }
        }

        return null;
    }

    private static T Value<T>(JsonNode node, string key, string path) =>
        node[key] is JsonNode value ? value.GetValue<T>() : throw new InvalidDataException($"{path}: no \"{key}\"");
}
