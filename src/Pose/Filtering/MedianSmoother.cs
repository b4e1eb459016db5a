using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Filtering;

/// <summary>
/// Centred median over a window of frames, per joint and axis, over the frames in which the joint is
/// present (the window is cut short at the clip's ends). A joint missing in the centre frame stays
/// missing. Output lags input by half a window.
/// </summary>
internal sealed class MedianSmoother(int window)
{
    private readonly List<PoseFrame> _history = [];
    private readonly int _half = window / 2;
    private int _nextCentre;

    public IEnumerable<PoseFrame> Push(PoseFrame frame)
    {
        _history.Add(frame);
        while (_nextCentre + _half < _history.Count)
        {
            yield return Release();
        }
    }

    public IEnumerable<PoseFrame> Complete()
    {
        while (_nextCentre < _history.Count)
        {
            yield return Release();
        }
    }

    private PoseFrame Release()
    {
        int c = _nextCentre++;
        PoseFrame centre = _history[c];
        int from = Math.Max(0, c - _half), to = Math.Min(_history.Count - 1, c + _half);
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        var xs = new List<float>(window);
        var ys = new List<float>(window);
        for (int j = 0; j < joints.Length; j++)
        {
            Keypoint k = centre.Pose[j];
            if (!k.IsPresent)
            {
                joints[j] = k;
                continue;
            }

            xs.Clear();
            ys.Clear();
            for (int i = from; i <= to; i++)
            {
                Keypoint n = _history[i].Pose[j];
                if (n.IsPresent)
                {
                    xs.Add(n.X);
                    ys.Add(n.Y);
                }
            }

            joints[j] = k with { X = Median(xs), Y = Median(ys) };
        }

        // Frames before the window are no longer needed.
        int drop = Math.Max(0, _nextCentre - _half);
        if (drop > 64)
        {
            _history.RemoveRange(0, drop);
            _nextCentre -= drop;
        }

        return centre with { Pose = new PersonPose(joints) };
    }

    private static float Median(List<float> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2f;
    }
}
