using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// Where the model's square sits in each dancer frame, for <c>--background dancer</c>. The pose stage maps
/// the dancer frame into the square by one scale for the clip and a translation that may change per frame
/// (retargeting's placement plus the sideways shift that keeps a travelling dancer inside the square). The
/// scale comes from the refiner; the frame's translation is recovered from the pair of poses, the median over
/// their joints of <c>model − scale · dancer</c>, so the rendered person stands where the dancer stands.
/// A frame without a person keeps the last translation; before the first, the reference placement is used.
/// Frames must come in order.
/// </summary>
public sealed class DancerPlacement
{
    private Similarity? _last;

    /// <summary>The dancer frame → square map of one frame, given the clip's reference map (<paramref name="reference"/>).</summary>
    public Similarity For(PersonPose dancer, PersonPose model, bool personFound, Similarity reference)
    {
        ArgumentNullException.ThrowIfNull(dancer);
        ArgumentNullException.ThrowIfNull(model);
        if (personFound && !dancer.IsEmpty && !model.IsEmpty)
        {
            var dx = new List<float>(Coco18Skeleton.JointCount);
            var dy = new List<float>(Coco18Skeleton.JointCount);
            for (int j = 0; j < Math.Min(dancer.Joints.Count, model.Joints.Count); j++)
            {
                Keypoint d = dancer.Joints[j], m = model.Joints[j];
                if (d.IsPresent && m.IsPresent)
                {
                    dx.Add(m.X - reference.Scale * d.X);
                    dy.Add(m.Y - reference.Scale * d.Y);
                }
            }

            if (dx.Count > 0)
            {
                _last = new Similarity(reference.Scale, BodyGeometry.Median(dx), BodyGeometry.Median(dy));
            }
        }

        return _last ?? reference;
    }
}
