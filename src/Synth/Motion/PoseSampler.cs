using VUnetStream.Synth.Body;

namespace VUnetStream.Synth.Motion;

/// <summary>
/// Single poses for photo datasets: mostly moments of a dance, some relaxed standing poses, seen from
/// the front more often than from the side or back (as in fashion photos).
/// </summary>
internal static class PoseSampler
{
    public static BodyPose Sample(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        BodyPose pose = rng.Chance(0.7)
            ? new DanceMotion(rng.Next(), 8).At(rng.Uniform(0, 8))
            : Standing(rng);
        return pose with { Yaw = SampleYaw(rng), RootX = 0, Hop = 0 };
    }

    private static double SampleYaw(Random rng) => rng.PickWeighted([0.55, 0.27, 0.18]) switch
    {
        0 => rng.Uniform(-35, 35),
        1 => (rng.Chance(0.5) ? 90 : -90) + rng.Uniform(-35, 35),
        _ => 180 + rng.Uniform(-35, 35),
    };

    private static BodyPose Standing(Random rng)
    {
        LimbAngles Arm() => rng.Chance(0.25)
            ? new LimbAngles(rng.Uniform(38, 48), rng.Uniform(-20, -5), rng.Uniform(100, 120), rng.Uniform(-100, -85))
            : new LimbAngles(rng.Uniform(4, 35), rng.Uniform(-20, 60), rng.Uniform(0, 45), rng.Uniform(-20, 20));
        double weight = rng.Uniform(-1, 1);
        return new BodyPose
        {
            Lean = rng.Uniform(-2, 6),
            SideBend = 4 * weight,
            Twist = rng.Uniform(-10, 10),
            HeadYaw = rng.Uniform(-25, 25),
            HeadPitch = rng.Uniform(-5, 10),
            HeadRoll = rng.Uniform(-8, 8),
            RightArm = Arm(),
            LeftArm = Arm(),
            RightLeg = new LimbAngles(rng.Uniform(2, 10), rng.Uniform(-10, 40), Math.Max(0, 18 * weight), rng.Uniform(0, 15)),
            LeftLeg = new LimbAngles(rng.Uniform(2, 10), rng.Uniform(-10, 40), Math.Max(0, -18 * weight), rng.Uniform(0, 15)),
        };
    }
}
