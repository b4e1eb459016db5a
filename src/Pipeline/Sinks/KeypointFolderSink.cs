using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.IO;
using VUnetStream.Pipeline.Frames;

namespace VUnetStream.Pipeline.Sinks;

/// <summary>
/// The dancer's keypoints as OpenPose JSON, one file per frame (none in a frame without a person), in a
/// staged folder that is renamed into place on completion.
/// </summary>
internal sealed class KeypointFolderSink(StagedDirectory folder) : IFrameSink
{
    public ValueTask WriteAsync(Mat output, RenderedFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        OpenPoseJson.Write(Path.Combine(folder.StagingPath, OpenPoseJson.FrameFileName("dancer", frame.Index)),
            frame.Posed.PersonFound ? [frame.Posed.DancerPose] : []);
        return ValueTask.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        folder.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Without completion: removes the staged folder.</summary>
    public ValueTask DisposeAsync()
    {
        folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
