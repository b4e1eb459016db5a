using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Retargeting;

/// <summary>
/// Everybody-Dance-Now-style global normalisation with one target photo: the dancer's frames in which
/// the feet are nearest the camera (lowest foot line, the top fifth of the clip) give the dancer's
/// reference height (their 90th percentile: standing upright), foot line and centre (medians). The
/// clip is scaled so that reference height becomes the target's head-to-foot height and moved so the
/// reference foot line lands on the target's foot line and the reference centre on the target's
/// centre. One scale for the whole clip keeps the dancer's own moves towards and away from the camera.
/// </summary>
public sealed record GlobalPlacement(float Scale, float DancerFootLine, float DancerCentreX, float TargetFootLine, float TargetCentreX)
{
    private const double NearFraction = 0.2;
    private const double UprightPercentile = 0.9;

    /// <summary>Places <paramref name="pose"/>; with <paramref name="containment"/>, also keeps it inside the square.</summary>
    public PersonPose Apply(PersonPose pose, SquareContainment? containment = null)
    {
        ArgumentNullException.ThrowIfNull(pose);
        float dx = TargetCentreX - Scale * DancerCentreX;
        // The shift is computed before the transform: joints moved past the edge would count as missing.
        if (containment is not null && BodyGeometry.CentreX(pose) is float centre)
        {
            dx += containment.ShiftFor(Scale * centre + dx);
        }

        return pose.Transform(Scale, dx, TargetFootLine - Scale * DancerFootLine);
    }

    public static GlobalPlacement Fit(IReadOnlyList<PersonPose> dancer, PersonPose target)
    {
        ArgumentNullException.ThrowIfNull(dancer);
        ArgumentNullException.ThrowIfNull(target);
        float targetHeight = BodyGeometry.HeadToFoot(target)
            ?? throw new InvalidDataException("the target pose needs a head joint and an ankle to be retargeted to (a full-body photo)");
        float targetFoot = BodyGeometry.FootLine(target)!.Value;
        float targetCentre = BodyGeometry.CentreX(target)
            ?? throw new InvalidDataException("the target pose needs its neck or hips to be retargeted to");

        var full = dancer
            .Select(p => (Foot: BodyGeometry.FootLine(p), Height: BodyGeometry.HeadToFoot(p), Centre: BodyGeometry.CentreX(p)))
            .Where(f => f.Foot is not null && f.Height is not null && f.Centre is not null)
            .Select(f => (Foot: f.Foot!.Value, Height: f.Height!.Value, Centre: f.Centre!.Value))
            .OrderByDescending(f => f.Foot)
            .ToArray();
        if (full.Length == 0)
        {
            throw new InvalidDataException("no frame of the dancer shows both head and feet; cannot measure the dancer for retargeting");
        }

        var near = full.Take(Math.Max(1, (int)Math.Ceiling(full.Length * NearFraction))).ToArray();
        // The upright height among the near frames: a dancer who crouches or dribbles in them would
        // otherwise be measured short, scaled up, and leave the top of the target's frame when standing.
        float dancerHeight = BodyGeometry.Percentile(near.Select(f => f.Height), UprightPercentile);
        return new GlobalPlacement(
            targetHeight / dancerHeight,
            BodyGeometry.Median(near.Select(f => f.Foot)),
            BodyGeometry.Median(near.Select(f => f.Centre)),
            targetFoot,
            targetCentre);
    }
}
