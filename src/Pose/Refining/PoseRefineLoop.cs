using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Refining;

/// <summary>
/// The streaming refine loop both the pipeline's pose stage and the pose command run: each frame goes in
/// with its raw pose and waits here while the <see cref="IPoseRefiner"/> holds its pose back (a smoothing
/// or calibration window), then comes out, in order, with its refined pose. The wait is bounded by the
/// refiner's window (see <see cref="CalibrationWindow"/> for what that costs in memory). Not thread-safe:
/// one caller, frame after frame.
/// </summary>
public sealed class PoseRefineLoop(IPoseRefiner refiner) : IDisposable
{
    private readonly Queue<(DecodedFrame Frame, PersonPose Raw)> _held = new();

    /// <summary>Frames waiting for their refined pose.</summary>
    public int Held => _held.Count;

    /// <summary>
    /// Adds <paramref name="frame"/> with its raw pose and returns the frames now released. The loop owns the
    /// frame from this call on, also when it throws; the caller owns the released ones.
    /// </summary>
    public IReadOnlyList<RefinedFrame> Push(DecodedFrame frame, PersonPose raw)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(raw);
        _held.Enqueue((frame, raw));
        return Take(refiner.Push(frame.Index, raw));
    }

    /// <summary>Releases every frame still held (end of the clip); a frame the refiner never releases is an error.</summary>
    public IReadOnlyList<RefinedFrame> Complete()
    {
        List<RefinedFrame> rest = Take(refiner.Complete());
        if (_held.Count > 0)
        {
            rest.ForEach(r => r.Dispose());
            throw new InvalidOperationException($"the pose refiner never released frame {_held.Peek().Frame.Index}");
        }

        return rest;
    }

    /// <summary>Disposes the frames still held (a job that failed or was cancelled).</summary>
    public void Dispose()
    {
        while (_held.Count > 0)
        {
            _held.Dequeue().Frame.Dispose();
        }
    }

    private List<RefinedFrame> Take(IEnumerable<(int Index, PersonPose Pose)> released)
    {
        var ready = new List<RefinedFrame>();
        try
        {
            foreach ((int index, PersonPose refined) in released)
            {
                if (_held.Count == 0 || _held.Peek().Frame.Index != index)
                {
                    throw new InvalidOperationException($"the pose refiner released frame {index} out of order");
                }

                (DecodedFrame frame, PersonPose raw) = _held.Dequeue();
                ready.Add(new RefinedFrame(frame, raw, refined));
            }
        }
        catch
        {
            ready.ForEach(r => r.Dispose());
            throw;
        }

        return ready;
    }
}
