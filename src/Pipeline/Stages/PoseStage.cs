using System.Threading.Channels;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;

namespace VUnetStream.Pipeline.Stages;

/// <summary>
/// Estimates (or reads) the dancer's pose for each frame, smooths and retargets it into the model's
/// square, and draws the stickman ŷ. A frame without a person keeps the last pose (its timing is kept
/// and it is marked), so the output video has exactly one frame per input frame.
/// </summary>
public sealed class PoseStage(
    IFramePoseProvider poses,
    Func<PersonPose, PersonPose> toModelPose,
    Func<PersonPose, Mat> drawStickman,
    PipelineMetrics metrics)
{
    public const string StageName = "pose";

    /// <summary>Frames in which no person was found (their last pose was held).</summary>
    public int FramesWithoutPerson { get; private set; }

    public async Task RunAsync(ChannelReader<DecodedFrame> input, ChannelWriter<PosedFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Exception? failure = null;
        PersonPose? lastModelPose = null;
        try
        {
            await foreach (DecodedFrame frame in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                metrics.FrameIn(StageName);
                PosedFrame posed;
                try
                {
                    using (metrics.Time(StageName))
                    {
                        // The estimator is synchronous native work; run it on the pool, not the reader's context.
                        posed = await Task.Run(() =>
                        {
                            PersonPose dancer = poses.PoseOf(frame);
                            bool found = HasTorso(dancer);
                            PersonPose model = found ? toModelPose(dancer) : lastModelPose ?? PersonPose.Empty();
                            return new PosedFrame(frame, dancer, model, drawStickman(model), found);
                        }, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                if (!posed.PersonFound)
                {
                    FramesWithoutPerson++;
                }
                else
                {
                    lastModelPose = posed.ModelPose;
                }

                try
                {
                    await output.WriteAsync(posed, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    posed.Dispose();
                    throw;
                }

                metrics.FramesOut(StageName);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            output.TryComplete(failure);
        }
    }

    /// <summary>A pose is usable when the torso (both shoulders, or a shoulder and a hip) is visible.</summary>
    public static bool HasTorso(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        int shoulders = (pose[Coco18.LShoulder].IsPresent ? 1 : 0) + (pose[Coco18.RShoulder].IsPresent ? 1 : 0);
        int hips = (pose[Coco18.LHip].IsPresent ? 1 : 0) + (pose[Coco18.RHip].IsPresent ? 1 : 0);
        return shoulders + hips >= 2 && shoulders >= 1;
    }
}
