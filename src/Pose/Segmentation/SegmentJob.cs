using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Jobs;

namespace VUnetStream.Pose.Segmentation;

/// <summary>Settings of a <see cref="SegmentJob"/>.</summary>
public sealed record SegmentJobOptions
{
    public required string Input { get; init; }

    public required string Output { get; init; }

    public PoseEstimatorOptions Estimator { get; init; } = new();

    /// <summary>Also write the frames with the person tinted and outlined (PNGs for images, an MP4 for video).</summary>
    public bool Overlay { get; init; }

    public bool Overwrite { get; init; }

    /// <summary>Keep what decodes of a video that ends before its announced frame count (a warning through <see cref="Notice"/>) instead of failing.</summary>
    public bool AllowPartial { get; init; }

    /// <summary>Warnings for the user (a video that ended early under <see cref="AllowPartial"/>).</summary>
    public Action<string>? Notice { get; init; }

    public TextWriter? Progress { get; init; }

    public bool ConsoleProgress { get; init; }

    /// <summary>What made the job (version, command, settings), written first into <c>summary.json</c>; null for none.</summary>
    public JsonObject? Provenance { get; init; }
}

/// <summary>What a segment job did.</summary>
public sealed record SegmentJobSummary(FrameInputKind Kind, int Frames, IReadOnlyList<string> NoPerson, string MaskFolder, string? Overlay, double Seconds)
{
    public int FramesWithPerson => Frames - NoPerson.Count;
}

/// <summary>
/// <c>vunet segment</c>: the person mask of every image, or of every frame of a video (tracked as by
/// <c>vunet pose</c>), as 8-bit PNGs in <c>masks/</c> (the person's probability × 255, so ≥ 128 is the hard
/// mask; the same convention as a synthetic dataset's <c>masks/</c>), and with an overlay on request.
/// Everything is written into a staged folder that gets its final name only when the job is complete.
/// </summary>
public static class SegmentJob
{
    public const string MaskFolderName = "masks";

    public static async Task<SegmentJobSummary> RunAsync(SegmentJobOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        using FrameInput input = FrameInput.Open(options.Input, options.AllowPartial);
        bool video = input.Kind == FrameInputKind.Video;
        if (video && options.Overlay)
        {
            // The overlay is encoded at one constant rate: refused as vunet pose refuses it.
            FrameTiming.ThrowIfVariable(input.Path, input.Fps);
        }

        // As for poses: photos may be filled by the person (whole-frame candidates); in video the detector decides.
        using var segmenter = new PersonSegmenter(options.Estimator with { WholeFrameFallback = options.Estimator.WholeFrameFallback || !video });
        using StagedDirectory staged = StagedDirectory.Begin(options.Output, options.Overwrite);
        string masks = Directory.CreateDirectory(Path.Combine(staged.StagingPath, MaskFolderName)).FullName;
        string? overlay = !options.Overlay ? null : Path.Combine(staged.StagingPath, video ? "overlay.mp4" : "overlay");
        if (overlay is not null && !video)
        {
            Directory.CreateDirectory(overlay);
        }

        FfmpegVideoWriter? writer = overlay is not null && video
            ? FfmpegVideoWriter.Start(overlay, new VideoEncodeOptions { Width = PoseJob.Even(input.VideoSize.Width), Height = PoseJob.Even(input.VideoSize.Height), Fps = input.Fps })
            : null;
        var progress = options.ConsoleProgress ? new ConsoleProgress(video ? "frames" : "images", input.Count)
            : options.Progress is not null ? new ConsoleProgress(video ? "frames" : "images", input.Count, options.Progress) : null;
        var noPerson = new List<string>();
        int frames = 0;
        string stem = Path.GetFileNameWithoutExtension(input.Path);
        try
        {
            foreach (DecodedFrame frame in input.Read(cancellationToken))
            {
                using (frame)
                {
                    if (!video)
                    {
                        segmenter.Reset(); // unrelated images: never track one into the next
                    }

                    using SegmentedFrame result = segmenter.Segment(frame.Image);
                    if (!result.Estimate.HasPerson)
                    {
                        noPerson.Add(frame.Name);
                    }

                    string name = video ? string.Create(CultureInfo.InvariantCulture, $"{stem}_{frame.Index:D6}.png") : Path.GetFileNameWithoutExtension(frame.Name) + ".png";
                    Write(Path.Combine(masks, name), result.Mask.Soft);
                    if (overlay is not null)
                    {
                        MaskOverlay.Draw(frame.Image, result.Mask);
                        if (writer is not null)
                        {
                            await PoseJob.WriteFrameAsync(writer, frame.Image, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            Write(Path.Combine(overlay, name), frame.Image);
                        }
                    }

                    frames++;
                }

                progress?.Advance();
            }

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

        double seconds = clock.Elapsed.TotalSeconds;
        AtomicFile.WriteAllText(Path.Combine(staged.StagingPath, "summary.json"),
            SummaryJson(options, input.Kind, frames, noPerson, seconds).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        staged.Commit();
        if (input.EndedEarly)
        {
            options.Notice?.Invoke(DecodeCompleteness.PartialWarning(input.Path, input.Count, input.FramesRead, frames));
        }

        string Final(string p) => Path.Combine(staged.FinalPath, Path.GetRelativePath(staged.StagingPath, p));
        return new SegmentJobSummary(input.Kind, frames, noPerson, Final(masks), overlay is null ? null : Final(overlay), seconds);
    }

    private static void Write(string path, Mat image)
    {
        if (!Cv2.ImWrite(path, image))
        {
            throw new IOException($"cannot write image '{path}'");
        }
    }

    /// <summary>What <c>summary.json</c> holds: the provenance, then the results (keys without units, <c>units</c> gives them).</summary>
    internal static JsonObject SummaryJson(SegmentJobOptions options, FrameInputKind kind, int frames, IReadOnlyList<string> noPerson, double seconds)
    {
        var json = new JsonObject();
        foreach ((string key, JsonNode? value) in options.Provenance ?? [])
        {
            json[key] = value?.DeepClone();
        }

        json["input"] = Path.GetFullPath(options.Input);
        json["kind"] = kind.ToString();
        json["model"] = options.Estimator.Model.ToString().ToLowerInvariant();
        json["mask_encoding"] = "person probability x 255 (8-bit PNG); >= 128 is the hard mask";
        json["frames"] = frames;
        json["frames_with_person"] = frames - noPerson.Count;
        json["no_person"] = new JsonArray(noPerson.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        json["duration"] = Math.Round(seconds, 2);
        json[MeasurementReport.UnitsKey] = new JsonObject { ["frames"] = "frames", ["frames_with_person"] = "frames", ["duration"] = "s" };
        return json;
    }
}
