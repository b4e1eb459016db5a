using System.Diagnostics;
using System.Threading.Channels;

namespace VUnetStream.Ingest;

/// <summary>
/// The first pipeline stage: decodes frames and writes them downstream, waiting when the channel is
/// full (frames are never dropped). Completes the writer with the error on failure.
/// <paramref name="onFrame"/> gets each frame with the time spent decoding it (not the time spent
/// waiting for room downstream), so throughput reports can tell decoding from backpressure.
/// A video that ends clearly before the frame count its container announces fails the stage, unless
/// <paramref name="allowPartial"/> (then the caller reports the counts, see <see cref="EndedEarly"/>).
/// </summary>
public sealed class DecodeStage(VideoSource source, Action<DecodedFrame, TimeSpan>? onFrame = null, bool allowPartial = false)
{
    /// <summary>Whether the video ended clearly before its announced frame count (known once the stage has run).</summary>
    public bool EndedEarly => DecodeCompleteness.EndedEarly(source);

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

                DecodeCompleteness.ThrowIfEndedEarly(source, allowPartial);
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
