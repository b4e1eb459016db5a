using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Filtering;

/// <summary>A pose source whose poses pass through a <see cref="TemporalPoseFilter"/>.</summary>
public sealed class FilteredPoseSource(IPoseSource inner, TemporalFilterOptions options) : IPoseSource
{
    public string Description => $"{inner.Description}, filtered ({options.Smoothing}, gaps ≤ {options.MaxGap})";

    public double Fps => inner.Fps;

    public IEnumerable<PoseFrame> ReadPoses(CancellationToken cancellationToken = default)
    {
        var filter = new TemporalPoseFilter(options, inner.Fps);
        foreach (PoseFrame frame in inner.ReadPoses(cancellationToken))
        {
            foreach (PoseFrame f in filter.Push(frame))
            {
                yield return f;
            }
        }

        foreach (PoseFrame f in filter.Complete())
        {
            yield return f;
        }
    }

    public void Dispose() => inner.Dispose();
}
