using System.Runtime.InteropServices;
using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Encode;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Preview;

namespace VUnetStream.Pipeline.Stages;

/// <summary>
/// The last stage: composes each output frame, pipes it to ffmpeg, optionally writes the dancer's
/// keypoints as OpenPose JSON, and publishes the frame to the live preview. Checks that frames arrive
/// in order, so an ordering bug upstream fails the job instead of scrambling the video.
/// </summary>
public sealed class EncodeStage(
    FfmpegVideoWriter writer,
    OutputComposer composer,
    PipelineMetrics metrics,
    string? keypointsFolder = null,
    FrameBroadcaster? preview = null,
    Action<int>? onFrameWritten = null)
{
    public const string StageName = "encode";

    public async Task RunAsync(ChannelReader<RenderedFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        int expected = 0;
        byte[]? buffer = null;
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
                    buffer ??= new byte[output.Width * output.Height * 3];
                    Marshal.Copy(output.Data, buffer, 0, buffer.Length);
                    await writer.WriteFrameAsync(buffer, cancellationToken).ConfigureAwait(false);
                    preview?.Publish(output);
                    if (keypointsFolder is not null)
                    {
                        OpenPoseJson.Write(Path.Combine(keypointsFolder, OpenPoseJson.FrameFileName("dancer", frame.Index)),
                            frame.Posed.PersonFound ? [frame.Posed.DancerPose] : []);
                    }
                }

                metrics.FramesOut(StageName);
                expected++;
                onFrameWritten?.Invoke(expected);
            }
        }
    }
}
