using OpenCvSharp;
using VUnetStream.Pipeline.Frames;

namespace VUnetStream.Pipeline.Sinks;

/// <summary>
/// One output of a job (the video file, the keypoint folder, a live preview): gets every composed output
/// frame in order from the encode stage. <see cref="CompleteAsync"/> runs only when the whole job succeeded
/// and makes the output final; disposing without completing leaves nothing half-written under a final name.
/// </summary>
public interface IFrameSink : IAsyncDisposable
{
    /// <summary>Takes one frame: <paramref name="output"/> is the composed picture (BGR, borrowed for the call), <paramref name="frame"/> what it was made from.</summary>
    ValueTask WriteAsync(Mat output, RenderedFrame frame, CancellationToken cancellationToken);

    /// <summary>The job succeeded: finish the output and put it in place.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
