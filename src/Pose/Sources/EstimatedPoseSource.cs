using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Sources;

/// <summary>Poses estimated with BlazePose from a video, an image or a folder of images.</summary>
public sealed class EstimatedPoseSource : IPoseSource
{
    private readonly FrameInput _input;
    private readonly PoseEstimatorOptions _options;

    public EstimatedPoseSource(string path, PoseEstimatorOptions? options = null)
    {
        _input = FrameInput.Open(path);
        bool stills = _input.Kind != FrameInputKind.Video;
        _options = (options ?? new PoseEstimatorOptions()) with { WholeFrameFallback = stills || (options?.WholeFrameFallback ?? false) };
    }

    public string Description => $"BlazePose {_options.Model} on {_input.Kind} {_input.Path}";

    public double Fps => _input.Fps;

    public IEnumerable<PoseFrame> ReadPoses(CancellationToken cancellationToken = default)
    {
        bool independent = _input.Kind != FrameInputKind.Video;
        foreach ((InputFrame frame, PoseEstimate estimate) in PoseEstimationPipeline.Run(
                     _input.Read(cancellationToken), _options, independent, workers: independent ? 2 : 1, cancellationToken))
        {
            using (frame)
            {
                yield return new PoseFrame(frame.Index, frame.Name, estimate.Pose);
            }
        }
    }

    public void Dispose() => _input.Dispose();
}
