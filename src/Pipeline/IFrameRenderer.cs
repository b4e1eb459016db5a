using OpenCvSharp;

namespace VUnetStream.Pipeline;

/// <summary>
/// Renders a batch of shape images (stickmen, CV_8UC3 at <see cref="ImageSize"/>) into person images
/// with the job's fixed appearance. Always called on the pipeline's single inference thread.
/// </summary>
public interface IFrameRenderer : IDisposable
{
    int ImageSize { get; }

    string Device { get; }

    IReadOnlyList<Mat> RenderBatch(IReadOnlyList<Mat> stickmen);
}
