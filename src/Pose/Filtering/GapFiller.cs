using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Filtering;

/// <summary>
/// Streaming gap filling: a joint missing for at most <c>maxGap</c> consecutive frames, with the
/// joint present on both sides, is linearly interpolated (confidence: the lower of the two ends).
/// Longer gaps, and gaps at the start or end of the clip, stay missing. Output lags input by
/// <c>maxGap</c> frames.
/// </summary>
internal sealed class GapFiller(int maxGap)
{
    private readonly List<PoseFrame> _pending = [];
    private readonly (long Position, Keypoint Value)?[] _lastPresent = new (long, Keypoint)?[Coco18Skeleton.JointCount];
    private long _released;

    public IEnumerable<PoseFrame> Push(PoseFrame frame)
    {
        _pending.Add(frame);
        while (_pending.Count > maxGap)
        {
            yield return ReleaseFirst();
        }
    }

    public IEnumerable<PoseFrame> Complete()
    {
        while (_pending.Count > 0)
        {
            yield return ReleaseFirst();
        }
    }

    private PoseFrame ReleaseFirst()
    {
        PoseFrame frame = _pending[0];
        _pending.RemoveAt(0);
        long position = _released++;
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        bool changed = false;
        for (int j = 0; j < joints.Length; j++)
        {
            Keypoint k = frame.Pose[j];
            if (!k.IsPresent && maxGap > 0 && _lastPresent[j] is (long prevPosition, Keypoint prev) && position - prevPosition <= maxGap)
            {
                // Look ahead in the pending frames for the gap's far end.
                for (int a = 0; a < _pending.Count; a++)
                {
                    long nextPosition = position + 1 + a;
                    if (nextPosition - prevPosition - 1 > maxGap)
                    {
                        break;
                    }

                    Keypoint next = _pending[a].Pose[j];
                    if (next.IsPresent)
                    {
                        float t = (float)(position - prevPosition) / (nextPosition - prevPosition);
                        k = new Keypoint(prev.X + (next.X - prev.X) * t, prev.Y + (next.Y - prev.Y) * t, Math.Min(prev.Confidence, next.Confidence));
                        changed = true;
                        break;
                    }
                }
            }

            joints[j] = k;
            if (k.IsPresent)
            {
                _lastPresent[j] = (position, k);
            }
        }

        return changed ? frame with { Pose = new PersonPose(joints) } : frame;
    }
}
