using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Filtering;

/// <summary>
/// Temporal clean-up of a pose sequence, streaming: short gaps of missing joints are interpolated,
/// then joints are smoothed (One-Euro or centred median). Frames come out in order, at most
/// <see cref="Delay"/> frames after they went in; <see cref="Complete"/> releases the rest. Joints
/// that are missing (low confidence) stay missing unless a short gap is filled: nothing is invented
/// where the estimator was unsure for long.
/// </summary>
public sealed class TemporalPoseFilter
{
    private readonly GapFiller _gaps;
    private readonly OneEuroSmoother? _oneEuro;
    private readonly MedianSmoother? _median;

    public TemporalPoseFilter(TemporalFilterOptions options, double fps)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        double rate = fps > 0 ? fps : options.DefaultFps;
        _gaps = new GapFiller(options.MaxGap);
        _oneEuro = options.Smoothing == SmoothingKind.OneEuro ? new OneEuroSmoother(options, rate) : null;
        _median = options.Smoothing == SmoothingKind.Median ? new MedianSmoother(options.MedianWindow) : null;
    }

    public TemporalFilterOptions Options { get; }

    /// <summary>The most frames a pose is held back before it is released.</summary>
    public int Delay => Options.MaxGap + (_median is null ? 0 : Options.MedianWindow / 2);

    public IEnumerable<PoseFrame> Push(PoseFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Smooth(_gaps.Push(frame));
    }

    public IEnumerable<PoseFrame> Complete()
    {
        foreach (PoseFrame f in Smooth(_gaps.Complete()))
        {
            yield return f;
        }

        if (_median is not null)
        {
            foreach (PoseFrame f in _median.Complete())
            {
                yield return f;
            }
        }
    }

    /// <summary>Filters a whole sequence.</summary>
    public static IReadOnlyList<PoseFrame> Apply(IEnumerable<PoseFrame> frames, TemporalFilterOptions options, double fps)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var filter = new TemporalPoseFilter(options, fps);
        var result = new List<PoseFrame>();
        foreach (PoseFrame f in frames)
        {
            result.AddRange(filter.Push(f));
        }

        result.AddRange(filter.Complete());
        return result;
    }

    private IEnumerable<PoseFrame> Smooth(IEnumerable<PoseFrame> filled)
    {
        foreach (PoseFrame f in filled)
        {
            if (_oneEuro is not null)
            {
                yield return _oneEuro.Filter(f);
            }
            else if (_median is not null)
            {
                foreach (PoseFrame m in _median.Push(f))
                {
                    yield return m;
                }
            }
            else
            {
                yield return f;
            }
        }
    }
}
