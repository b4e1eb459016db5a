using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Poses;

namespace VUnetStream.Pipeline.Stages;

/// <summary>
/// Estimates (or reads) the dancer's pose for each frame, refines it (smoothing, retargeting into the
/// model's square) and draws the stickman ŷ. Frames wait here while the refiner holds their pose back
/// (bounded by its window). A frame without a usable person keeps the last pose (its timing is kept and
/// it is counted), so the output has exactly one frame per input frame.
/// </summary>
public sealed class PoseStage(
    IFramePoseProvider poses,
    IPoseRefiner refiner,
    Func<PersonPose, Mat> drawStickman,
    PipelineMetrics metrics)
{
    public const string StageName = "pose";

    private readonly Queue<(DecodedFrame Frame, PersonPose Raw)> _held = new();
    private PersonPose? _lastGood;

    /// <summary>Frames in which no person was found (their last pose was held).</summary>
    public int FramesWithoutPerson { get; private set; }

    public async Task RunAsync(ChannelReader<DecodedFrame> input, ChannelWriter<PosedFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Exception? failure = null;
        try
        {
            await foreach (DecodedFrame frame in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                metrics.FrameIn(StageName);
                List<PosedFrame> ready;
                try
                {
                    using (metrics.Time(StageName))
                    {
                        // Estimation is synchronous native work; run it on the pool, not the reader's context.
                        ready = await Task.Run(() =>
                        {
                            PersonPose raw = poses.PoseOf(frame);
                            _held.Enqueue((frame, raw));
                            return Release(refiner.Push(frame.Index, raw));
                        }, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    if (!_held.Any(h => ReferenceEquals(h.Frame, frame)))
                    {
                        frame.Dispose();
                    }

                    throw;
                }

                await WriteAllAsync(ready, output, cancellationToken).ConfigureAwait(false);
            }

            await WriteAllAsync(Release(refiner.Complete()), output, cancellationToken).ConfigureAwait(false);
            if (_held.Count > 0)
            {
                throw new InvalidOperationException($"the pose refiner never released frame {_held.Peek().Frame.Index}");
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            while (_held.Count > 0)
            {
                _held.Dequeue().Frame.Dispose();
            }

            output.TryComplete(failure);
        }
    }

    /// <summary>A pose is usable when the torso (two of shoulders and hips, at least one shoulder) is visible.</summary>
    public static bool HasTorso(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        int shoulders = (pose[Coco18.LShoulder].IsPresent ? 1 : 0) + (pose[Coco18.RShoulder].IsPresent ? 1 : 0);
        int hips = (pose[Coco18.LHip].IsPresent ? 1 : 0) + (pose[Coco18.RHip].IsPresent ? 1 : 0);
        return shoulders + hips >= 2 && shoulders >= 1;
    }

    private List<PosedFrame> Release(IEnumerable<(int Index, PersonPose Pose)> released)
    {
        var ready = new List<PosedFrame>();
        try
        {
            foreach ((int index, PersonPose refined) in released)
            {
                (DecodedFrame frame, PersonPose raw) = _held.Count > 0 && _held.Peek().Frame.Index == index
                    ? _held.Dequeue()
                    : throw new InvalidOperationException($"the pose refiner released frame {index} out of order");
                bool found = HasTorso(raw) && HasTorso(refined);
                PersonPose model = found ? refined : _lastGood ?? PersonPose.Empty();
                if (found)
                {
                    _lastGood = refined;
                }
                else
                {
                    FramesWithoutPerson++;
                }

                ready.Add(new PosedFrame(frame, raw, model, drawStickman(model), found));
            }
        }
        catch
        {
            ready.ForEach(f => f.Dispose());
            throw;
        }

        return ready;
    }

    private async Task WriteAllAsync(List<PosedFrame> ready, ChannelWriter<PosedFrame> output, CancellationToken cancellationToken)
    {
        for (int i = 0; i < ready.Count; i++)
        {
            try
            {
                await output.WriteAsync(ready[i], cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ready.Skip(i).ToList().ForEach(f => f.Dispose());
                throw;
            }

            metrics.FramesOut(StageName);
        }
    }
}
