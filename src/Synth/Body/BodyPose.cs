namespace VUnetStream.Synth.Body;

/// <summary>
/// Angles of one arm or leg in degrees, in the shoulder convention "plane of elevation":
/// <see cref="Raise"/> lifts the limb away from hanging straight down (90 horizontal, 180 straight up)
/// in the direction given by <see cref="Plane"/> (0 sideways outwards, 90 forwards, -90 backwards,
/// 180 across the body). <see cref="Bend"/> bends the elbow or knee, and <see cref="Twist"/> turns
/// the plane in which it bends (positive: outwards, or upwards for a sideways-raised arm).
/// </summary>
public readonly record struct LimbAngles(double Raise, double Plane, double Bend, double Twist)
{
    public static LimbAngles Lerp(LimbAngles a, LimbAngles b, double t) => new(
        a.Raise + (b.Raise - a.Raise) * t,
        a.Plane + (b.Plane - a.Plane) * t,
        a.Bend + (b.Bend - a.Bend) * t,
        a.Twist + (b.Twist - a.Twist) * t);
}

/// <summary>
/// A pose as joint angles in degrees, independent of body proportions and appearance.
/// <see cref="Yaw"/> turns the whole body about the vertical: 0 faces the camera, 90 faces the
/// image's right (profile), 180 shows the back.
/// </summary>
public sealed record BodyPose
{
    public double Yaw { get; init; }

    /// <summary>Forward bend of the spine.</summary>
    public double Lean { get; init; }

    /// <summary>Sideways bend of the spine (positive towards the person's left).</summary>
    public double SideBend { get; init; }

    /// <summary>Turn of the shoulders relative to the hips, in the sense of <see cref="Yaw"/>.</summary>
    public double Twist { get; init; }

    /// <summary>Head turn relative to the shoulders, in the sense of <see cref="Yaw"/>.</summary>
    public double HeadYaw { get; init; }

    /// <summary>Nod (positive looks down).</summary>
    public double HeadPitch { get; init; }

    /// <summary>Tilt towards the left shoulder.</summary>
    public double HeadRoll { get; init; }

    public LimbAngles RightArm { get; init; }

    public LimbAngles LeftArm { get; init; }

    public LimbAngles RightLeg { get; init; }

    public LimbAngles LeftLeg { get; init; }

    /// <summary>Sideways position on the floor in body heights (a step moves it).</summary>
    public double RootX { get; init; }

    /// <summary>Height of a jump in body heights (0: the lowest foot touches the floor).</summary>
    public double Hop { get; init; }

    /// <summary>The neutral standing pose of a target photo: facing the camera, arms slightly out ("A-pose").</summary>
    public static BodyPose APose { get; } = new()
    {
        RightArm = new LimbAngles(30, 6, 10, 0),
        LeftArm = new LimbAngles(30, 6, 10, 0),
        RightLeg = new LimbAngles(5, 0, 0, 8),
        LeftLeg = new LimbAngles(5, 0, 0, 8),
    };

    public static BodyPose Lerp(BodyPose a, BodyPose b, double t)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new BodyPose
        {
            Yaw = L(a.Yaw, b.Yaw, t),
            Lean = L(a.Lean, b.Lean, t),
            SideBend = L(a.SideBend, b.SideBend, t),
            Twist = L(a.Twist, b.Twist, t),
            HeadYaw = L(a.HeadYaw, b.HeadYaw, t),
            HeadPitch = L(a.HeadPitch, b.HeadPitch, t),
            HeadRoll = L(a.HeadRoll, b.HeadRoll, t),
            RightArm = LimbAngles.Lerp(a.RightArm, b.RightArm, t),
            LeftArm = LimbAngles.Lerp(a.LeftArm, b.LeftArm, t),
            RightLeg = LimbAngles.Lerp(a.RightLeg, b.RightLeg, t),
            LeftLeg = LimbAngles.Lerp(a.LeftLeg, b.LeftLeg, t),
            RootX = L(a.RootX, b.RootX, t),
            Hop = L(a.Hop, b.Hop, t),
        };
    }

    private static double L(double a, double b, double t) => a + (b - a) * t;
}
