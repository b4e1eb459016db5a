using OpenCvSharp;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Sinks;

namespace VUnetStream.Application.Preview;

/// <summary>
/// Each composed output frame handed to a host's <see cref="FrameBroadcaster"/> (the service's live view of
/// a job) while someone watches: without viewers the frame is not even JPEG-encoded, which on a machine
/// the renderer keeps busy is CPU the job would lose. The host owns the broadcaster: the sink only ends
/// its stream, once the job is over.
/// </summary>
internal sealed class BroadcastSink(FrameBroadcaster frames) : IFrameSink
{
    public ValueTask WriteAsync(Mat output, RenderedFrame frame, CancellationToken cancellationToken)
    {
        if (frames.Viewers > 0)
        {
            frames.Publish(output);
        }

        return ValueTask.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        frames.Finish();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        frames.Finish();
        return ValueTask.CompletedTask;
    }
}
