using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pipeline.Tests;

/// <summary>Poses known in advance (like keypoints read from files), optionally "no person" in some frames.</summary>
internal sealed class KnownPoses(Func<int, PersonPose> poseAt) : IPoseSource
{
    public string Name => "known";

    public PersonPose PoseOf(DecodedFrame frame) => poseAt(frame.Index);

    public void Dispose()
    {
    }
}

/// <summary>
/// A renderer that returns the stickman itself as the "person" (a stand-in for the model where a test
/// checks the pipeline's plumbing, not the generator). Can fail at a given frame or go slowly.
/// </summary>
internal sealed class StickmanEchoRenderer(int imageSize, int failAtCall = -1, TimeSpan? delay = null) : IFrameRenderer
{
    private int _calls;

    public int ImageSize => imageSize;

    public string Device => "test";

    public int Calls => _calls;

    public List<int> BatchSizes { get; } = [];

    public int ThreadId { get; private set; } = -1;

    public bool UsedOneThread { get; private set; } = true;

    public IReadOnlyList<Mat> RenderBatch(IReadOnlyList<Mat> stickmen)
    {
        int thread = Environment.CurrentManagedThreadId;
        UsedOneThread &= ThreadId == -1 || ThreadId == thread;
        ThreadId = thread;
        if (_calls++ == failAtCall)
        {
            throw new InvalidOperationException("renderer failed on purpose");
        }

        if (delay is { } d)
        {
            Thread.Sleep(d);
        }

        BatchSizes.Add(stickmen.Count);
        return stickmen.Select(s => s.Clone()).ToArray();
    }

    public void Dispose()
    {
    }
}
