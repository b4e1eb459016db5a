using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pipeline.Frames;

/// <summary>
/// A decoded frame with its pose: <see cref="DancerPose"/> in the frame's pixels (for overlays and
/// keypoint output) and <see cref="ModelPose"/> retargeted into the model's square image, from which
/// <see cref="Stickman"/> (the shape input ŷ, CV_8UC3, model size) was drawn.
/// </summary>
public sealed class PosedFrame(DecodedFrame frame, PersonPose dancerPose, PersonPose modelPose, Mat stickman, bool personFound) : IDisposable
{
    public DecodedFrame Frame { get; } = frame;

    public int Index => Frame.Index;

    public PersonPose DancerPose { get; } = dancerPose;

    public PersonPose ModelPose { get; } = modelPose;

    public Mat Stickman { get; } = stickman;

    /// <summary>False when no person was found in this frame and the previous pose was held.</summary>
    public bool PersonFound { get; } = personFound;

    public void Dispose()
    {
        Frame.Dispose();
        Stickman.Dispose();
    }
}
