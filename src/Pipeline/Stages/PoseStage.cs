using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pipeline.Stages;

/// <summary>
/// Estimates (or reads) the dancer's pose for each frame, refines it (smoothing, retargeting into the
/// model's square) and draws the stickman ŷ. Frames wait in the shared <see cref="PoseRefineLoop"/> while
/// the refiner holds their pose back (bounded by its window). A frame without a usable person keeps the
/// last pose (its timing is kept and it is counted), so the output has exactly one frame per input frame.
/// Frames before the first usable pose have no last pose: up to <see cref="MaxLeadingFrames"/> of them wait
/// and take the first one (a dancer found a moment late does not start the video with an empty frame);
/// beyond that, or if nobody is ever found, they go out with an empty pose. (The pose command runs the same
/// loop but writes what was found, without holding a last pose: it reports poses, it does not render them.)
/// </summary>
internal sealed class PoseStage(
    IPoseSource poses,
    IPoseRefiner refiner,
    Func<PersonPose, Mat> drawStickman,
    PipelineMetrics metrics)
{
    public const string StageName = "pose";

    /// <summary>Frames without a person that may wait for the first usable pose (bounded: they hold decoded images).</summary>
    public const int MaxLeadingFrames = 30;

    private readonly List<(DecodedFrame Frame, PersonPose Raw)> _leading = [];
    private PersonPose? _lastGood;

    /// <summary>Frames in which no person was found (their last pose was held).</summary>
    public int FramesWithoutPerson { get; private set; }

    /// <summary>Whether any frame so far showed a usable person (a job without one has nothing to transfer).</summary>
    public bool FoundAnyPerson => _lastGood is not null;

    public async Task RunAsync(ChannelReader<DecodedFrame> input, ChannelWriter<PosedFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Exception? failure = null;
        using var loop = new PoseRefineLoop(refiner);
        try
        {
            await foreach (DecodedFrame frame in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                metrics.FrameIn(StageName);
                List<PosedFrame> ready;
                bool handedOver = false;
                try
                {
                    using (metrics.Time(StageName))
                    {
                        // Estimation is synchronous native work; run it on the pool, not the reader's context.
                        ready = await Task.Run(() =>
                        {
                            PersonPose raw = poses.PoseOf(frame);
                            handedOver = true; // from here the loop (or what it released the frame to) disposes it
                            return Release(loop.Push(frame, raw));
                        }, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    if (!handedOver)
                    {
                        frame.Dispose();
                    }

                    throw;
                }

                await WriteAllAsync(ready, output, cancellationToken).ConfigureAwait(false);
            }

            await WriteAllAsync(Release(loop.Complete()), output, cancellationToken).ConfigureAwait(false);
            await WriteAllAsync(ReleaseLeading(PersonPose.Empty()), output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            _leading.ForEach(l => l.Frame.Dispose());
            _leading.Clear();

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

    private List<PosedFrame> Release(IReadOnlyList<RefinedFrame> released)
    {
        var ready = new List<PosedFrame>();
        int taken = 0;
        try
        {
            for (; taken < released.Count; taken++)
            {
                (DecodedFrame frame, PersonPose raw, PersonPose refined) = (released[taken].Frame, released[taken].Raw, released[taken].Refined);
                bool found = HasTorso(raw) && HasTorso(refined);
                if (!found)
                {
                    FramesWithoutPerson++;
                    if (_lastGood is null)
                    {
                        _leading.Add((frame, raw));
                        if (_leading.Count >= MaxLeadingFrames)
                        {
                            ready.AddRange(ReleaseLeading(PersonPose.Empty()));
                        }

                        continue;
                    }
                }
                else
                {
                    ready.AddRange(ReleaseLeading(refined));
                    _lastGood = refined;
                }

                PersonPose model = found ? refined : _lastGood!;
                ready.Add(new PosedFrame(frame, raw, model, drawStickman(model), found));
            }
        }
        catch
        {
            // The frame being handled may be in _leading already (then the finally block disposes it): skip it.
            ready.ForEach(f => f.Dispose());
            foreach (RefinedFrame rest in released.Skip(taken))
            {
                if (!_leading.Any(l => ReferenceEquals(l.Frame, rest.Frame)))
                {
                    rest.Dispose();
                }
            }

            throw;
        }

        return ready;
    }

    /// <summary>The waiting leading frames, in order, all with <paramref name="pose"/>.</summary>
    private List<PosedFrame> ReleaseLeading(PersonPose pose)
    {
        var ready = new List<PosedFrame>(_leading.Count);
        try
        {
            foreach ((DecodedFrame frame, PersonPose raw) in _leading)
            {
                ready.Add(new PosedFrame(frame, raw, pose, drawStickman(pose), personFound: false));
            }
        }
        catch
        {
            // Frames already wrapped are disposed with their PosedFrame; the rest stay in _leading for the finally block.
            _leading.RemoveRange(0, ready.Count);
            ready.ForEach(f => f.Dispose());
            throw;
        }

        _leading.Clear();
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
