using System.Diagnostics;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Threading;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Training;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application.Benchmarks;

/// <summary>One clip the pipeline benchmark runs on: a video, its per-frame keypoints, a target photo and its keypoints.</summary>
public sealed record BenchClip(string Name, string VideoPath, string KeypointFolder, string PhotoPath, string PhotoKeypoints);

/// <summary>
/// `vunet bench pipeline`: render-only throughput of G (the model alone, frames already as stickmen)
/// and end-to-end throughput of the whole pipeline on the same clip, in one run, plus time to the first
/// output frame and peak memory per clip length (the peak is reset between clips).
/// </summary>
public static class PipelineBenchmark
{
    private static readonly TimeSpan MinRenderTime = TimeSpan.FromSeconds(10);

    public static async Task<MeasurementReport> RunAsync(
        IReadOnlyList<BenchClip> clips,
        TransferVideoRequest template,
        string workFolder,
        Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(template);
        if (clips.Count == 0)
        {
            throw new ArgumentException("the pipeline benchmark needs at least one clip");
        }

        Checkpoint checkpoint = ModelLoader.Resolve(template.Checkpoint);
        int size = checkpoint.Config.Model.ImageSize;
        TorchSharp.torch.ScalarType precision = template.Precision.Resolve(InferenceDevice.Parse(template.Device));
        // Render-only and the pipeline use the same batch: the one a job would choose (or the one asked for).
        template = template with { BatchSize = template.EffectiveBatchSize(precision) };
        BenchClip first = clips[0];
        var report = new MeasurementReport($"bench pipeline: model {size}², {precision.ToString().ToLowerInvariant()}, batch {template.BatchSize}, output {template.OutputHeightFor(size)} px, "
            + $"x264 {template.EncoderPreset} at {EncoderPriorities.Name(template.EncoderPriority)} priority, {Environment.ProcessorCount} cores, device {template.Device}, CPU flags {Render.Inference.CpuFeatures.Summary}, allocator {Render.Inference.NativeAllocator.Name}");

        // Throughput is compared on the longest clip, where the job's fixed costs (opening, the first
        // batch, the retargeting window, ffmpeg's drain: ~0.3-0.5 s) weigh least; every clip's own ratio is
        // reported too. Render-only runs on that clip's stickmen before and after the pipeline runs and is
        // averaged, so a drift of the machine's speed (shared hosts) does not land on one side only.
        BenchClip longest = clips.MaxBy(c => Directory.GetFiles(c.KeypointFolder, "*.json").Length)!;
        double renderBefore = await MeasureRenderOnlyAsync(longest, checkpoint, template, size, cancellationToken).ConfigureAwait(false);
        log?.Invoke($"render only ({longest.Name}): {renderBefore:0.0} frames/s");

        // The first job in a process also pays for compiling the pipeline's code (the JIT's background
        // thread takes ~1 core-second in the first seconds). Render-only gets a warm-up batch; the
        // pipeline gets a warm-up job on the first clip, reported as the cold figures a one-off CLI run sees.
        using (var warmMetrics = new PipelineMetrics())
        {
            JobSummary cold = await TransferVideoJob.RunAsync(RequestFor(first, template, checkpoint, workFolder), warmMetrics, cancellationToken: cancellationToken).ConfigureAwait(false);
            log?.Invoke($"{first.Name}, cold (first job in the process): {cold.PipelineFps:0.0} frames/s, first frame {cold.FirstFrameLatency.TotalSeconds:0.00} s");
            report.Add("pipeline_frame_rate_cold", cold.PipelineFps, "frames/s", $"end to end on {first.Name}, first job in the process");
            report.Add("first_frame_latency_cold", cold.FirstFrameLatency.TotalSeconds, "s", "job start to first encoded frame, first job in the process");
        }

        double peak = 0;
        double? firstFrame = null;
        var pipelineFps = new Dictionary<BenchClip, double>();
        foreach (BenchClip clip in clips)
        {
            GC.Collect();
            bool reset = ProcessMemory.ResetPeak();
            double startRss = ProcessMemory.ResidentMiB();
            using var metrics = new PipelineMetrics();
            JobSummary summary = await TransferVideoJob.RunAsync(RequestFor(clip, template, checkpoint, workFolder), metrics, cancellationToken: cancellationToken).ConfigureAwait(false);
            double clipPeak = ProcessMemory.PeakResidentMiB();
            peak = Math.Max(peak, clipPeak);
            log?.Invoke($"{clip.Name}: {summary.Frames} frames, {summary.PipelineFps:0.0} frames/s, first frame {summary.FirstFrameLatency.TotalSeconds:0.00} s, peak RSS {clipPeak:0} MiB{(reset ? "" : " (peak not reset)")}");
            pipelineFps[clip] = summary.PipelineFps;
            firstFrame ??= summary.FirstFrameLatency.TotalSeconds;
            report.Add($"pipeline_frame_rate_{clip.Name}", summary.PipelineFps, "frames/s", $"end to end, {summary.Frames} frames");
            report.Add($"peak_rss_{clip.Name}", clipPeak, "MiB", "peak resident memory during this clip");

            // What the process already holds (earlier jobs' GC heap and native allocator pools) is in the
            // peak too; the growth over the start is the job's own footprint.
            report.Add($"rss_at_start_{clip.Name}", startRss, "MiB", "resident memory when this clip's job started");
            report.Add($"peak_rss_growth_{clip.Name}", clipPeak - startRss, "MiB", "peak minus resident memory at the start");
            foreach ((string stage, (long frames, TimeSpan busy)) in summary.Stages)
            {
                report.Add($"{stage}_busy_frame_rate_{clip.Name}", busy.TotalSeconds > 0 ? frames / busy.TotalSeconds : double.NaN, "frames/s", $"{stage} stage alone");
            }
        }

        double renderAfter = await MeasureRenderOnlyAsync(longest, checkpoint, template, size, cancellationToken).ConfigureAwait(false);
        log?.Invoke($"render only ({longest.Name}), after the pipeline runs: {renderAfter:0.0} frames/s");
        double renderFps = (renderBefore + renderAfter) / 2;
        report.Add("render_frame_rate", renderFps, "frames/s", $"G alone on {longest.Name}'s stickmen, batch {template.BatchSize}, mean of before and after");
        report.Add("render_frame_rate_before", renderBefore, "frames/s", "G alone, before the pipeline runs");
        report.Add("render_frame_rate_after", renderAfter, "frames/s", "G alone, after the pipeline runs");
        foreach (BenchClip clip in clips)
        {
            report.Add($"pipeline_to_render_ratio_{clip.Name}", pipelineFps[clip] / renderFps, "", $"end to end on {clip.Name} / render_frame_rate");
        }

        report.Add("pipeline_frame_rate", pipelineFps[longest], "frames/s", $"end to end on {longest.Name}");
        report.Add("pipeline_to_render_ratio", pipelineFps[longest] / renderFps, "", $"on {longest.Name}; target ≥ 0.9");
        report.Add("first_frame_latency", firstFrame!.Value, "s", $"job start to first encoded frame on {first.Name} (warm process)");
        report.Add("peak_rss", peak, "MiB", "largest peak over the clips");
        report.Add("pose_source", template.DancerKeypoints is null ? $"BlazePose {template.Estimator.Model}" : "keypoint files");
        return report;
    }

    private static async Task<double> MeasureRenderOnlyAsync(BenchClip clip, Checkpoint checkpoint, TransferVideoRequest template, int size, CancellationToken cancellationToken)
    {
        using TargetPerson target = TargetPhoto.Load(template with { PhotoPath = clip.PhotoPath, PhotoKeypoints = clip.PhotoKeypoints }, size);
        string[] files = Directory.GetFiles(clip.KeypointFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        float scale = SquareScale(clip.VideoPath, size);
        List<Mat> stickmen = files
            .Select(f => PersonPoseOrEmpty(f))
            .Select(p => Stickman.Draw(p.Transform(scale, 0, 0), size, size))
            .ToList();
        int threads = template.Threads > 0 ? template.Threads : Environment.ProcessorCount;
        using var inference = new InferenceThread("bench-inference", () => TorchSharp.torch.set_num_threads(threads));
        try
        {
            VUnetFrameRenderer renderer = await inference.RunAsync(() =>
            {
                TorchSharp.torch.Device device = InferenceDevice.Parse(template.Device);
                Render.Model.VUnet model = ModelLoader.Load(checkpoint, device, template.Precision.Resolve(device));
                try
                {
                    return new VUnetFrameRenderer(model, target.Image, target.Pose, device);
                }
                catch
                {
                    model.Dispose();
                    throw;
                }
            }).ConfigureAwait(false);
            try
            {
                return await inference.RunAsync(() =>
                {
                    // One warm-up batch, then the clip's frames in batches, in whole passes until at least
                    // MinRenderTime has gone by (a 10 s clip renders in about 5 s on 2 cores).
                    foreach (Mat m in renderer.RenderBatch(stickmen.Take(template.BatchSize).ToArray()))
                    {
                        m.Dispose();
                    }

                    var clock = Stopwatch.StartNew();
                    long frames = 0;
                    do
                    {
                        for (int start = 0; start < stickmen.Count; start += template.BatchSize)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            foreach (Mat m in renderer.RenderBatch(stickmen.Skip(start).Take(template.BatchSize).ToArray()))
                            {
                                m.Dispose();
                            }
                        }

                        frames += stickmen.Count;
                    }
                    while (clock.Elapsed < MinRenderTime);

                    return frames / clock.Elapsed.TotalSeconds;
                }).ConfigureAwait(false);
            }
            finally
            {
                await inference.RunAsync(() =>
                {
                    renderer.Dispose();
                    return 0;
                }).ConfigureAwait(false);
            }
        }
        finally
        {
            stickmen.ForEach(m => m.Dispose());
        }
    }

    private static TransferVideoRequest RequestFor(BenchClip clip, TransferVideoRequest template, Checkpoint checkpoint, string workFolder) => template with
    {
        VideoPath = clip.VideoPath,
        PhotoPath = clip.PhotoPath,
        PhotoKeypoints = clip.PhotoKeypoints,
        DancerKeypoints = template.DancerKeypoints is null ? null : clip.KeypointFolder,
        Checkpoint = checkpoint.Directory,
        OutputPath = Path.Combine(workFolder, $"{clip.Name}-result.mp4"),

        // The benchmark's own temporary folder: the warm-up job and the measured job write the same name.
        Overwrite = true,
    };

    private static PersonPose PersonPoseOrEmpty(string file)
    {
        IReadOnlyList<PersonPose> people = Core.Formats.OpenPoseJson.Read(file);
        return people.Count > 0 ? people[0] : PersonPose.Empty();
    }

    /// <summary>The scale that fits the video's frame into the model square (read once per clip, not per frame).</summary>
    private static float SquareScale(string video, int size)
    {
        using var capture = new VideoCapture(video);
        return (float)size / Math.Max(capture.FrameWidth, capture.FrameHeight);
    }
}
