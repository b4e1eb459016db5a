using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Retargeting;

/// <summary>
/// Keeps a retargeted dancer inside the model's square. Global retargeting keeps the dancer's own
/// travel across the video, but the model draws one person in a square: a dancer who crosses a 16:9
/// stage would walk out of it (and joints past the edge count as missing). The body centre's horizontal
/// offset from the target's centre is compressed with <c>r·tanh(d/r)</c>: small sways pass almost
/// unchanged (slope 1 at the centre), long travels approach but never pass <c>±r</c>, and the mapping is
/// smooth, so there is no visible wall. The whole pose moves by one shift, so limbs keep their shape.
/// </summary>
public sealed class SquareContainment
{
    /// <summary>The largest offset of the body centre from the target's centre, as a fraction of the square.</summary>
    public const float RadiusFraction = 0.25f;

    public SquareContainment(int squareSize, PersonPose? target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(squareSize, 1);
        CentreX = (target is null ? null : BodyGeometry.CentreX(target)) ?? squareSize / 2f;
        Radius = RadiusFraction * squareSize;
    }

    /// <summary>Where the body centre sits with no offset: the target's centre (the square's middle without a target).</summary>
    public float CentreX { get; }

    public float Radius { get; }

    /// <summary>The horizontal shift that brings a body centred at <paramref name="centreX"/> (square coordinates) inside.</summary>
    public float ShiftFor(float centreX)
    {
        float offset = centreX - CentreX;
        return Radius * MathF.Tanh(offset / Radius) - offset;
    }
}
