using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pose.Drawing;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Jobs;

/// <summary>Settings of a <see cref="PoseJob"/>.</summary>
public sealed record PoseJobOptions
{
    public required string Input { get; init; }

    public required string Output { get; init; }

    public PoseEstimatorOptions Estimator { get; init; } = new();

    /// <summary>Temporal filtering, applied to video only (images are unrelated to each other).</summary>
    public TemporalFilterOptions Filter { get; init; } = new();

    public bool Overwrite { get; init; }

    /// <summary>A photo of the target person; with <see cref="Retarget"/> not Off, retargeted poses are written too.</summary>
    public string? TargetPhoto { get; init; }

    public RetargetMode Retarget { get; init; } = RetargetMode.Off;

    /// <summary>Keep the frames of a video that ends before its announced frame count (with a warning) instead of failing.</summary>
    public bool AllowPartial { get; init; }

    /// <summary>Hears what the job wants the user to know (a partial video's warning); null for nobody.</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Where the progress bar goes; null for none.</summary>
    public TextWriter? Progress { get; init; }

    public bool ConsoleProgress { get; init; }

    /// <summary>
    /// What made the job (program version, command, settings), written first into <c>summary.json</c> so the
    /// folder says how to make it again; the host fills it, null for none.
    /// </summary>
    public JsonObject? Provenance { get; init; }
}

/// <summary>What a pose job did.</summary>
public sealed record PoseJobSummary(
    FrameInputKind Kind, int Frames, int FramesWithPerson, IReadOnlyList<string> NoPerson, int Detections,
    string KeypointFolder, string Overlay, string? RetargetedFolder, double Seconds)
{
    /// <summary>The frame count the video's container announces (-1 when unknown or for images); more than <see cref="Frames"/> after --allow-partial.</summary>
    public int AnnouncedFrames { get; init; } = -1;
}

/// <summary>
/// <c>vunet pose</c>: estimates the pose in every frame of a video (tracked and filtered) or in every
/// image, writes one OpenPose COCO-18 JSON per frame/image and an overlay (an MP4 for video, PNGs
/// for images). Everything is written into a staged folder that only gets its final name when the
/// job finished, so a failed or cancelled job leaves no half-written output folder. The poses come
/// through the pipeline's pieces: the estimator as an <see cref="IPoseSource"/>, filtered by the same
/// <see cref="PoseRefineLoop"/> and <see cref="StreamingPoseRefiner"/>; a video is refused or warned
/// about as transfer-video does (variable frame rate, truncated).
/// </summary>
public static class PoseJob
{
    public static async Task<PoseJobSummary> RunAsync(PoseJobOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Filter.Validate();
        var clock = Stopwatch.StartNew();
        using FrameInput input = FrameInput.Open(options.Input, options.AllowPartial);
        bool video = input.Kind == FrameInputKind.Video;
        if (video)
        {
            // The overlay is encoded at one constant rate, like transfer-video's output: refused the same way.
            FrameTiming.ThrowIfVariable(input.Path, input.Fps);
        }

        PoseEstimatorOptions estimator = options.Estimator with { WholeFrameFallback = options.Estimator.WholeFrameFallback || !video };
        PersonPose? target = options.Retarget == RetargetMode.Off ? null : EstimateTarget(options, estimator);

        using StagedDirectory staged = StagedDirectory.Begin(options.Output, options.Overwrite);
        string keypoints = Directory.CreateDirectory(Path.Combine(staged.StagingPath, "keypoints")).FullName;
        string overlayName = video ? "overlay.mp4" : "overlay";
        string overlayPath = Path.Combine(staged.StagingPath, overlayName);
        if (!video)
        {
            Directory.CreateDirectory(overlayPath);
        }

        FfmpegVideoWriter? writer = video
            ? FfmpegVideoWriter.Start(overlayPath, new VideoEncodeOptions { Width = Even(input.VideoSize.Width), Height = Even(input.VideoSize.Height), Fps = input.Fps })
            : null;
        var progress = options.ConsoleProgress ? new ConsoleProgress(video ? "frames" : "images", input.Count)
            : options.Progress is not null ? new ConsoleProgress(video ? "frames" : "images", input.Count, options.Progress) : null;
        var tally = new EstimationTally();
        var written = new List<PersonPose>();

        // Filtering is for video only: images are unrelated to each other.
        bool filtered = video && (options.Filter.Smoothing != SmoothingKind.None || options.Filter.MaxGap > 0);
        using var loop = new PoseRefineLoop(StreamingPoseRefiner.InFramePixels(filtered ? options.Filter : null, input.Fps));
        try
        {
            foreach ((DecodedFrame frame, PersonPose raw) in FramePoseRunner.Run(input.Read(cancellationToken),
                         () => PoseSources.Estimator(estimator, independentFrames: !video, tally), workers: video ? 1 : 2, cancellationToken))
            {
                await EmitAllAsync(loop.Push(frame, raw)).ConfigureAwait(false);
            }

            await EmitAllAsync(loop.Complete()).ConfigureAwait(false);
            if (writer is not null)
            {
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            progress?.Finish();
        }

        string? retargeted = null;
        if (target is not null)
        {
            retargeted = await WriteRetargetedAsync(options, input, target, written, staged.StagingPath, cancellationToken).ConfigureAwait(false);
        }

        int frames = tally.Frames;
        IReadOnlyList<string> noPerson = tally.NoPerson;
        WriteSummary(Path.Combine(staged.StagingPath, "summary.json"), options, input, frames, noPerson, tally.Detections, clock.Elapsed.TotalSeconds);
        staged.Commit();
        if (input.EndedEarly)
        {
            options.Notice?.Invoke(DecodeCompleteness.PartialWarning(input.Path, input.Count, input.FramesRead, frames));
        }

        string Final(string? p) => p is null ? "" : Path.Combine(staged.FinalPath, Path.GetRelativePath(staged.StagingPath, p));
        return new PoseJobSummary(input.Kind, frames, frames - noPerson.Count, noPerson, tally.Detections,
            Final(keypoints), Final(overlayPath), retargeted is null ? null : Final(retargeted), clock.Elapsed.TotalSeconds)
        {
            AnnouncedFrames = video ? input.Count : -1,
        };

        // Writes the released frames in order; if one fails, the ones after it are still disposed.
        async Task EmitAllAsync(IReadOnlyList<RefinedFrame> ready)
        {
            for (int i = 0; i < ready.Count; i++)
            {
                try
                {
                    await EmitAsync(ready[i]).ConfigureAwait(false);
                }
                catch
                {
                    foreach (RefinedFrame rest in ready.Skip(i + 1))
                    {
                        rest.Dispose();
                    }

                    throw;
                }
            }
        }

        async Task EmitAsync(RefinedFrame ready)
        {
            using (ready)
            {
                DecodedFrame frame = ready.Frame;
                written.Add(ready.Refined);
                OpenPoseJson.Write(Path.Combine(keypoints, input.KeypointFileName(frame)), ready.Refined.IsEmpty ? [] : [ready.Refined]);
                PoseOverlay.Draw(frame.Image, ready.Refined);
                if (writer is not null)
                {
                    await WriteFrameAsync(writer, frame.Image, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    string png = Path.Combine(overlayPath, Path.GetFileNameWithoutExtension(frame.Name) + ".png");
                    if (!Cv2.ImWrite(png, frame.Image))
                    {
                        throw new IOException($"cannot write overlay image '{png}'");
                    }
                }
            }

            progress?.Advance();
        }
    }

    private static PersonPose EstimateTarget(PoseJobOptions options, PoseEstimatorOptions estimator)
    {
        if (options.TargetPhoto is null)
        {
            throw new ArgumentException($"retargeting '{options.Retarget}' needs --target PHOTO (a full-body photo of the target person)");
        }

        using Mat photo = FrameInput.ReadImage(options.TargetPhoto);
        using var tracker = new BlazePoseTracker(estimator with { WholeFrameFallback = true });
        PoseEstimate estimate = tracker.Estimate(photo);
        if (!estimate.HasPerson)
        {
            throw new InvalidDataException($"no person found in target photo '{options.TargetPhoto}'");
        }

        return estimate.Pose;
    }

    private static async Task<string> WriteRetargetedAsync(PoseJobOptions options, FrameInput input, PersonPose target,
        IReadOnlyList<PersonPose> dancer, string staging, CancellationToken cancellationToken)
    {
        PoseRetargeter retargeter = PoseRetargeter.Fit(options.Retarget, dancer, target);
        string folder = Directory.CreateDirectory(Path.Combine(staging, "retargeted")).FullName;
        using Mat photo = FrameInput.ReadImage(options.TargetPhoto!);
        await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(Path.Combine(staging, "retargeted.mp4"),
            new VideoEncodeOptions { Width = Even(photo.Width), Height = Even(photo.Height), Fps = input.Fps > 0 ? input.Fps : 5 });
        string stem = Path.GetFileNameWithoutExtension(input.Path);
        for (int i = 0; i < dancer.Count; i++)
        {
            PersonPose pose = retargeter.Apply(dancer[i]);
            OpenPoseJson.Write(Path.Combine(folder, OpenPoseJson.FrameFileName(stem, i)), pose.IsEmpty ? [] : [pose]);
            using Mat canvas = photo.Clone();
            PoseOverlay.Draw(canvas, pose);
            await WriteFrameAsync(writer, canvas, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return folder;
    }

    // The encoder needs even sizes: pad odd frames by one black row/column.
    internal static async Task WriteFrameAsync(FfmpegVideoWriter writer, Mat image, CancellationToken cancellationToken)
    {
        using Mat even = new();
        Cv2.CopyMakeBorder(image, even, 0, image.Height % 2, 0, image.Width % 2, BorderTypes.Constant, Scalar.Black);
        byte[] bytes = new byte[even.Width * even.Height * 3];
        using (Mat continuous = even.IsContinuous() ? even : even.Clone())
        {
            System.Runtime.InteropServices.Marshal.Copy(continuous.Data, bytes, 0, bytes.Length);
        }

        await writer.WriteFrameAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    internal static int Even(int size) => size + size % 2;

    private static void WriteSummary(string path, PoseJobOptions options, FrameInput input, int frames, IReadOnlyList<string> noPerson,
        int detections, double seconds) =>
        AtomicFile.WriteAllText(path, SummaryJson(options, input.Kind, frames, noPerson, detections, seconds,
            input.Kind == FrameInputKind.Video ? input.Count : -1).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>What <c>summary.json</c> holds: keys without units, <see cref="MeasurementReport.UnitsKey"/> gives them.</summary>
    internal static JsonObject SummaryJson(PoseJobOptions options, FrameInputKind kind, int frames, IReadOnlyList<string> noPerson, int detections,
        double seconds, int announcedFrames = -1)
    {
        var json = new JsonObject();
        foreach ((string key, JsonNode? value) in options.Provenance ?? [])
        {
            json[key] = value?.DeepClone();
        }

        foreach ((string key, JsonNode? value) in Results(options, kind, frames, noPerson, detections, seconds, announcedFrames))
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    private static JsonObject Results(PoseJobOptions options, FrameInputKind kind, int frames, IReadOnlyList<string> noPerson, int detections,
        double seconds, int announcedFrames) => new()
    {
        ["input"] = Path.GetFullPath(options.Input),
        ["kind"] = kind.ToString(),
        ["model"] = options.Estimator.Model.ToString().ToLowerInvariant(),
        ["filter"] = kind == FrameInputKind.Video ? options.Filter.Smoothing.ToString() : "none (images)",
        ["max_gap"] = options.Filter.MaxGap,
        ["min_joint_confidence"] = options.Estimator.MinJointConfidence,
        ["frames"] = frames,
        ["frames_announced"] = announcedFrames >= 0 ? announcedFrames : null,
        ["frames_with_person"] = frames - noPerson.Count,
        ["detector_runs_that_found_a_person"] = detections,
        ["no_person"] = new JsonArray(noPerson.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        ["duration"] = Math.Round(seconds, 2),
        [MeasurementReport.UnitsKey] = new JsonObject
        {
            ["max_gap"] = "frames",
            ["min_joint_confidence"] = "",
            ["frames"] = "frames",
            ["frames_announced"] = "frames",
            ["frames_with_person"] = "frames",
            ["detector_runs_that_found_a_person"] = "",
            ["duration"] = "s",
        },
    };
}
