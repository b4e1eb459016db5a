using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Threading;

namespace VUnetStream.Pipeline.Stages;

/// <summary>
/// Renders G(ŷ, z) in batches of up to <c>batchSize</c> frames on the single inference thread. A
/// batch is sent as soon as it is full, or when no further frame is ready yet, so the first output frame
/// does not wait for a full batch at the start or end of a clip.
/// </summary>
internal sealed class RenderStage(IFrameRenderer renderer, InferenceThread inference, int batchSize, PipelineMetrics metrics)
{
    public const string StageName = "render";

    public async Task RunAsync(ChannelReader<PosedFrame> input, ChannelWriter<RenderedFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        }

        Exception? failure = null;
        var batch = new List<PosedFrame>(batchSize);
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < batchSize && input.TryRead(out PosedFrame? frame))
                {
                    metrics.FrameIn(StageName);
                    batch.Add(frame);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                PosedFrame[] work = [.. batch];
                batch.Clear();
                IReadOnlyList<Mat> results;
                try
                {
                    using (metrics.Time(StageName))
                    {
                        results = await inference.RunAsync(() => renderer.RenderBatch(work.Select(f => f.Stickman).ToArray())).ConfigureAwait(false);
                    }
                }
                catch
                {
                    Array.ForEach(work, f => f.Dispose());
                    throw;
                }

                metrics.Batch(work.Length);
                for (int i = 0; i < work.Length; i++)
                {
                    var rendered = new RenderedFrame(work[i], results[i]);
                    try
                    {
                        await output.WriteAsync(rendered, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        for (int j = i; j < work.Length; j++)
                        {
                            (j == i ? rendered : new RenderedFrame(work[j], results[j])).Dispose();
                        }

                        throw;
                    }
                }

                metrics.FramesOut(StageName, work.Length);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            batch.ForEach(f => f.Dispose());
            output.TryComplete(failure);
        }
    }
}
