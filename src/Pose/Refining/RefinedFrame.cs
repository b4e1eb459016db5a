using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Refining;

/// <summary>
/// A frame released by <see cref="PoseRefineLoop"/>: its <see cref="Raw"/> pose as the source gave it and
/// its <see cref="Refined"/> one. Whoever takes it owns <see cref="Frame"/> (disposing this disposes it).
/// </summary>
public sealed class RefinedFrame(DecodedFrame frame, PersonPose raw, PersonPose refined) : IDisposable
{
    public DecodedFrame Frame { get; } = frame;

    public int Index => Frame.Index;

    public PersonPose Raw { get; } = raw;

    public PersonPose Refined { get; } = refined;

    public void Dispose() => Frame.Dispose();
}
