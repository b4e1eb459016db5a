using System.Threading.Channels;

namespace VUnetStream.Ingest;

/// <summary>
/// The first pipeline stage: decodes frames and writes them downstream, waiting when the channel is
/// full (frames are never dropped). Completes the writer with the error on failure.
/// </summary>
public sealed class DecodeStage(VideoSource source, Action<DecodedFrame>? onFrame = null)
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
                foreach (DecodedFrame frame in source.ReadFrames(cancellationToken))
                {
                    try
                    {
                        onFrame?.Invoke(frame);
                        await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
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
