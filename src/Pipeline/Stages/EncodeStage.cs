using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Sinks;

namespace VUnetStream.Pipeline.Stages;

/// <summary>
/// The last stage: composes each output frame and hands it to every sink (the video file first, then the
/// keypoint folder and whatever the host added, such as a live preview). Checks that frames arrive in
/// order, so an ordering bug upstream fails the job instead of scrambling the video.
/// </summary>
internal sealed class EncodeStage(
    IReadOnlyList<IFrameSink> sinks,
    OutputComposer composer,
    PipelineMetrics metrics,
    Action<int>? onFrameWritten = null)
{
    public const string StageName = "encode";

    public async Task RunAsync(ChannelReader<RenderedFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        int expected = 0;
        await foreach (RenderedFrame frame in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                metrics.FrameIn(StageName);
                if (frame.Index != expected)
                {
                    throw new InvalidOperationException($"frame {frame.Index} reached the encoder where frame {expected} was due");
                }

                using (metrics.Time(StageName))
                {
                    using Mat output = composer.Compose(frame);
                    foreach (IFrameSink sink in sinks)
                    {
                        await sink.WriteAsync(output, frame, cancellationToken).ConfigureAwait(false);
                    }
                }

                metrics.FramesOut(StageName);
                expected++;
                onFrameWritten?.Invoke(expected);
            }
        }
    }
}
