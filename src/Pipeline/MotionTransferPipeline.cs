using System.Diagnostics;
using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Sinks;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pipeline.Threading;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pipeline;

/// <summary>The pieces a job needs that depend on the chosen pose source and model.</summary>
public sealed record PipelineComponents(
    IPoseSource Poses,
    IPoseRefiner Refiner,
    Func<PersonPose, Mat> DrawStickman,
    IFrameRenderer Renderer,
    InferenceThread Inference)
{
    /// <summary>The scene the person is placed into (<c>--background photo|dancer</c>), owned by the caller; null: the model's square.</summary>
    public Backgrounds.IResultBackdrop? Backdrop { get; init; }

    /// <summary>Outputs besides the video and keypoint folder (a live preview): owned by the caller, completed here when the job succeeds.</summary>
    public IReadOnlyList<IFrameSink> ExtraSinks { get; init; } = [];
}

/// <summary>
/// Wires decode → pose → render → encode with bounded channels (writers wait when full, so memory
/// stays flat whatever the video length and no frame is dropped). The first failure cancels every
/// stage, ffmpeg is stopped, and no output is left under the final name.
/// </summary>
public static class MotionTransferPipeline
{
    /// <summary>Opens <see cref="MotionTransferOptions.VideoPath"/> and runs the job on it.</summary>
    public static async Task<JobSummary> RunAsync(
        MotionTransferOptions options,
        PipelineComponents components,
        PipelineMetrics metrics,
        Action<int, int>? progress = null,
        Action<string>? notice = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        using VideoSource source = VideoSource.Open(options.VideoPath, options.MaxInputSide);
        return await RunOnAsync(source, clock, options, components, metrics, progress, notice, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the job on a video the caller already opened (it read the size and rate to set the job up) and
    /// still owns, so the video is opened once; no frame may have been read from it yet.
    /// </summary>
    public static Task<JobSummary> RunAsync(
        VideoSource source,
        MotionTransferOptions options,
        PipelineComponents components,
        PipelineMetrics metrics,
        Action<int, int>? progress = null,
        Action<string>? notice = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.FramesRead != 0)
        {
            throw new ArgumentException($"the video '{source.Info.Path}' has been read from ({source.FramesRead} frames); the engine decodes it from the start", nameof(source));
        }

        return RunOnAsync(source, Stopwatch.StartNew(), options, components, metrics, progress, notice, cancellationToken);
    }

    private static async Task<JobSummary> RunOnAsync(
        VideoSource source,
        Stopwatch clock,
        MotionTransferOptions options,
        PipelineComponents components,
        PipelineMetrics metrics,
        Action<int, int>? progress,
        Action<string>? notice,
        CancellationToken cancellationToken)
    {
        // Both entry points end here, so the arguments are checked once.
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(metrics);
        if (source.IsDownscaled)
        {
            notice?.Invoke($"input {source.SourceInfo.Width}x{source.SourceInfo.Height} is larger than {options.MaxInputSide} px; frames are downscaled to {source.Info.Width}x{source.Info.Height}");
        }

        var composer = new OutputComposer(options.Layout, options.OutputHeight, source.Info.Width, source.Info.Height, components.Backdrop);
        await using KeypointFolderSink? keypoints = options.KeypointsFolder is null ? null
            : new KeypointFolderSink(StagedDirectory.Begin(options.KeypointsFolder, options.Overwrite));
        var encodeOptions = new VideoEncodeOptions
        {
            Width = composer.Width,
            Height = composer.Height,
            Fps = source.Info.Fps,
            AudioSource = options.CopyAudio ? options.VideoPath : null,
            Preset = options.EncoderPreset,
            Priority = options.EncoderPriority,
            Overwrite = options.Overwrite,
        };

        var writer = new VideoFileSink(FfmpegVideoWriter.Start(options.OutputPath, encodeOptions));
        await using (writer.ConfigureAwait(false))
        {
            IFrameSink[] sinks = [writer, .. keypoints is null ? Array.Empty<IFrameSink>() : [keypoints], .. components.ExtraSinks];
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            CancellationToken token = linked.Token;
            Channel<DecodedFrame> decoded = Bounded<DecodedFrame>(options.ChannelCapacity);
            Channel<PosedFrame> posed = Bounded<PosedFrame>(options.ChannelCapacity);
            Channel<RenderedFrame> rendered = Bounded<RenderedFrame>(options.ChannelCapacity);
            metrics.Track("decoded", decoded);
            metrics.Track("posed", posed);
            metrics.Track("rendered", rendered);

            TimeSpan firstFrame = TimeSpan.Zero;
            int total = source.Info.FrameCount;
            var decode = new DecodeStage(source, (_, elapsed) =>
            {
                metrics.Busy("decode", elapsed);
                metrics.FramesOut("decode");
            }, options.AllowPartial);
            var pose = new PoseStage(components.Poses, components.Refiner, components.DrawStickman, metrics);
            var render = new RenderStage(components.Renderer, components.Inference, options.BatchSize, metrics);
            var encode = new EncodeStage(sinks, composer, metrics, written =>
            {
                if (written == 1)
                {
                    firstFrame = clock.Elapsed;
                }

                progress?.Invoke(written, total);
            });

            Task[] stages =
            [
                CancelOthersOnFailure(decode.RunAsync(decoded.Writer, token), linked),
                CancelOthersOnFailure(pose.RunAsync(decoded.Reader, posed.Writer, token), linked),
                CancelOthersOnFailure(render.RunAsync(posed.Reader, rendered.Writer, token), linked),
                CancelOthersOnFailure(encode.RunAsync(rendered.Reader, token), linked),
            ];

            try
            {
                await Task.WhenAll(stages).ConfigureAwait(false);
            }
            catch
            {
                DrainAndDispose(decoded.Reader);
                DrainAndDispose(posed.Reader);
                DrainAndDispose(rendered.Reader);
                metrics.JobFinished(clock.Elapsed, token.IsCancellationRequested && cancellationToken.IsCancellationRequested ? "cancelled" : "failed");
                throw FirstRealFailure(stages, cancellationToken);
            }

            if (!pose.FoundAnyPerson)
            {
                // A grey video of an empty stage is not a result; disposing the writer removes it.
                metrics.JobFinished(clock.Elapsed, "failed");
                throw new InvalidDataException($"no person was found in any of the {writer.FramesWritten} frames of '{options.VideoPath}' "
                    + $"({components.Poses.Name}); nothing was written");
            }

            if (decode.EndedEarly)
            {
                notice?.Invoke(DecodeCompleteness.PartialWarning(options.VideoPath, source.Info.FrameCount, source.FramesRead, writer.FramesWritten));
            }

            foreach (IFrameSink sink in sinks)
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            clock.Stop();
            metrics.JobFinished(clock.Elapsed, "completed");
            return new JobSummary(Path.GetFullPath(options.OutputPath), writer.FramesWritten, pose.FramesWithoutPerson, source.Info.Fps,
                clock.Elapsed, firstFrame, metrics.Snapshot(), source.IsDownscaled) { AnnouncedFrames = source.Info.FrameCount };
        }
    }

    private static Channel<T> Bounded<T>(int capacity) => Channel.CreateBounded<T>(new BoundedChannelOptions(Math.Max(1, capacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = true,
    });

    private static async Task CancelOthersOnFailure(Task stage, CancellationTokenSource linked)
    {
        try
        {
            await stage.ConfigureAwait(false);
        }
        catch
        {
            await linked.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The error that started the failure, not the cancellations it caused in the other stages.</summary>
    private static Exception FirstRealFailure(Task[] stages, CancellationToken userToken)
    {
        Exception? real = stages
            .Where(s => s.IsFaulted)
            .SelectMany(s => s.Exception!.InnerExceptions)
            .FirstOrDefault(e => e is not OperationCanceledException && e is not ChannelClosedException);
        return real ?? (userToken.IsCancellationRequested ? new OperationCanceledException(userToken) : new OperationCanceledException());
    }

    private static void DrainAndDispose<T>(ChannelReader<T> reader)
        where T : IDisposable
    {
        while (reader.TryRead(out T? item))
        {
            item.Dispose();
        }
    }
}
