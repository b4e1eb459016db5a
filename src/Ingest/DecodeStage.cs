using System.Diagnostics;
using System.Threading.Channels;

namespace VUnetStream.Ingest;

/// <summary>
/// The first pipeline stage: decodes frames and writes them downstream, waiting when the channel is
/// full (frames are never dropped). Completes the writer with the error on failure.
/// <paramref name="onFrame"/> gets each frame with the time spent decoding it (not the time spent
/// waiting for room downstream), so throughput reports can tell decoding from backpressure.
/// </summary>
public sealed class DecodeStage(VideoSource source, Action<DecodedFrame, TimeSpan>? onFrame = null)
{
    public async Task RunAsync(ChannelWriter<DecodedFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        Exception? failure = null;
        try
        {
            // Decoding is synchronous native work; keep it off the caller's thread.
            await Task.Run(async () =>
            {
                using IEnumerator<DecodedFrame> frames = source.ReadFrames(cancellationToken).GetEnumerator();
                long start = Stopwatch.GetTimestamp();
                while (frames.MoveNext())
                {
                    DecodedFrame frame = frames.Current;
                    try
                    {
                        onFrame?.Invoke(frame, Stopwatch.GetElapsedTime(start));
                        await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                        start = Stopwatch.GetTimestamp();
                    }
                    catch
                    {
                        frame.Dispose();
                        throw;
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            output.TryComplete(failure);
        }
    }
}
