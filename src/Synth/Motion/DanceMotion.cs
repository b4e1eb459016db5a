using VUnetStream.Synth.Body;

namespace VUnetStream.Synth.Motion;

/// <summary>
/// A seeded dance: a tempo, a sequence of four-beat moves for arms and legs (cross-faded), turns
/// to profile and back views, head and torso sway, and slow random drift on every angle. Smooth in
/// time, so consecutive frames differ a little; different seeds give different dances.
/// </summary>
internal sealed class DanceMotion
{
    private const double BeatsPerMove = 4;
    private readonly double _beat;
    private readonly ArmMove[] _arms;
    private readonly LegMove[] _legs;
    private readonly (double Start, double Duration, double Delta)[] _turns;
    private readonly double _baseYaw;
    private readonly double[] _drift;

    /// <param name="seed">The dance.</param>
    /// <param name="duration">Seconds of dance to plan (asking for later times repeats the last move).</param>
    public DanceMotion(int seed, double duration)
    {
        Random rng = Seeds.Random(seed, "dance");
        _beat = 60.0 / rng.Uniform(96, 128);
        int moves = (int)Math.Ceiling(duration / (_beat * BeatsPerMove)) + 2;
        _arms = new ArmMove[moves];
        _legs = new LegMove[moves];
        for (int i = 0; i < moves; i++)
        {
            _arms[i] = (ArmMove)rng.Next(Enum.GetValues<ArmMove>().Length);
            _legs[i] = (LegMove)rng.Next(Enum.GetValues<LegMove>().Length);
        }

        _baseYaw = rng.Uniform(-25, 25);
        _turns = PlanTurns(rng, duration, _baseYaw);

        // Slow drift: amplitude, frequency (Hz) and phase for each of 12 angles.
        _drift = new double[36];
        for (int i = 0; i < 12; i++)
        {
            _drift[3 * i] = rng.Uniform(4, 9);
            _drift[3 * i + 1] = rng.Uniform(0.12, 0.45);
            _drift[3 * i + 2] = rng.Uniform(0, 2 * Math.PI);
        }
    }

    /// <summary>Seconds per beat.</summary>
    public double BeatSeconds => _beat;

    public BodyPose At(double seconds)
    {
        double b = Math.Max(0, seconds) / _beat;
        int move = Math.Min((int)(b / BeatsPerMove), _arms.Length - 1);
        double within = b - move * BeatsPerMove;

        // Cross-fade into the next move over the last beat of this one.
        double fade = move + 1 < _arms.Length ? SmoothStep((within - (BeatsPerMove - 1)) / 1.0) : 0;
        (LimbAngles ra, LimbAngles la) = DanceMoves.Arms(_arms[move], b);
        (LimbAngles rl, LimbAngles ll, LegExtras extras) = DanceMoves.Legs(_legs[move], b);
        if (fade > 0)
        {
            (LimbAngles ra2, LimbAngles la2) = DanceMoves.Arms(_arms[move + 1], b);
            (LimbAngles rl2, LimbAngles ll2, LegExtras extras2) = DanceMoves.Legs(_legs[move + 1], b);
            ra = LimbAngles.Lerp(ra, ra2, fade);
            la = LimbAngles.Lerp(la, la2, fade);
            rl = LimbAngles.Lerp(rl, rl2, fade);
            ll = LimbAngles.Lerp(ll, ll2, fade);
            extras = new LegExtras(
                Lerp(extras.RootX, extras2.RootX, fade), Lerp(extras.Yaw, extras2.Yaw, fade),
                Lerp(extras.Twist, extras2.Twist, fade), Lerp(extras.SideBend, extras2.SideBend, fade));
        }

        double t = seconds;
        double sway = Math.Sin(Math.PI * b);
        return new BodyPose
        {
            Yaw = Yaw(t) + extras.Yaw,
            Lean = 4 + 3 * (0.5 + 0.5 * Math.Cos(2 * Math.PI * b)) + Drift(0, t) * 0.5,
            SideBend = 5 * sway + extras.SideBend + Drift(1, t) * 0.5,
            Twist = 8 * sway + extras.Twist,
            HeadYaw = 14 * Math.Sin(2 * Math.PI * t / 3.7) + Drift(2, t),
            HeadPitch = 3 + 5 * (0.5 - 0.5 * Math.Cos(2 * Math.PI * b)),
            HeadRoll = 7 * Math.Sin(Math.PI * b + 0.6),
            RightArm = ra with { Raise = ra.Raise + Drift(3, t), Bend = Math.Max(0, ra.Bend + Drift(4, t)), Twist = ra.Twist + Drift(5, t) },
            LeftArm = la with { Raise = la.Raise + Drift(6, t), Bend = Math.Max(0, la.Bend + Drift(7, t)), Twist = la.Twist + Drift(8, t) },
            RightLeg = rl with { Raise = rl.Raise + 0.4 * Drift(9, t) },
            LeftLeg = ll with { Raise = ll.Raise + 0.4 * Drift(10, t) },
            RootX = extras.RootX + 0.04 * Drift(11, t) / 9,
        };
    }

    private double Yaw(double t)
    {
        double yaw = _baseYaw + 12 * Math.Sin(2 * Math.PI * t / 4.3 + _drift[2]);
        foreach ((double start, double duration, double delta) in _turns)
        {
            yaw += delta * SmoothStep((t - start) / duration);
        }

        return yaw;
    }

    /// <summary>
    /// Turns every 1.8–3.5 s (the first within the first 1.4 s): quarter turns to profile, half
    /// turns to the back, full spins; a turn away from the camera is often followed by one back.
    /// </summary>
    private static (double, double, double)[] PlanTurns(Random rng, double duration, double yaw)
    {
        var turns = new List<(double, double, double)>();
        double t = rng.Uniform(0.5, 1.4);
        while (t < duration)
        {
            double facing = ((yaw % 360) + 540) % 360 - 180; // -180..180, 0 = towards the camera
            double delta = Math.Abs(facing) > 60 && rng.Chance(0.6)
                ? -facing + rng.Uniform(-20, 20)
                : rng.Pick(new double[] { 90, -90, 180, -180, 360, -360, 120, -120 });
            double length = Math.Abs(delta) > 200 ? rng.Uniform(1.0, 1.5) : rng.Uniform(0.6, 1.1);
            turns.Add((t, length, delta));
            yaw += delta;
            t += length + rng.Uniform(1.2, 2.6);
        }

        return [.. turns];
    }

    private double Drift(int i, double t) => _drift[3 * i] * Math.Sin(2 * Math.PI * _drift[3 * i + 1] * t + _drift[3 * i + 2]);

    private static double SmoothStep(double x)
    {
        double c = Math.Clamp(x, 0, 1);
        return c * c * (3 - 2 * c);
    }

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
