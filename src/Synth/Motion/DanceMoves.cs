using VUnetStream.Synth.Body;

namespace VUnetStream.Synth.Motion;

internal enum ArmMove
{
    Swing,
    Wave,
    ArmsUp,
    Pump,
    Cross,
    Hips,
    Point,
    Circles,
}

internal enum LegMove
{
    Bounce,
    StepTouch,
    KneeLift,
    Kick,
    SideTap,
    Twist,
    Groove,
}

/// <summary>What a leg move adds besides the leg angles.</summary>
internal readonly record struct LegExtras(double RootX, double Yaw, double Twist, double SideBend);

/// <summary>
/// A small library of dance moves as functions of the beat position <c>b</c> (in beats). Arms and
/// legs are chosen independently, so the combinations are many. Angles follow <see cref="LimbAngles"/>.
/// </summary>
internal static class DanceMoves
{
    public static (LimbAngles Right, LimbAngles Left) Arms(ArmMove move, double b)
    {
        return move switch
        {
            ArmMove.Swing => (
                new LimbAngles(35 * Math.Sin(Math.PI * b), 90, 30 + 20 * Pulse(b), -10),
                new LimbAngles(-35 * Math.Sin(Math.PI * b), 90, 30 + 20 * Pulse(b), -10)),
            ArmMove.Wave => (
                new LimbAngles(88 + 12 * Math.Sin(Math.PI * b / 2), 10, 50 + 35 * Math.Sin(2 * Math.PI * b), 85),
                new LimbAngles(88 - 12 * Math.Sin(Math.PI * b / 2), 10, 50 + 35 * Math.Sin(2 * Math.PI * b + 1.2), 85)),
            ArmMove.ArmsUp => (
                new LimbAngles(148 + 20 * Math.Sin(Math.PI * b), 20, 15 + 15 * Pulse(b), 0),
                new LimbAngles(148 - 20 * Math.Sin(Math.PI * b), 20, 15 + 15 * Pulse(b), 0)),
            ArmMove.Pump => (
                new LimbAngles(95 + 55 * Lift(b, -1), 70, 95 - 75 * Lift(b, -1), -30),
                new LimbAngles(95 + 55 * Lift(b, +1), 70, 95 - 75 * Lift(b, +1), -30)),
            ArmMove.Cross => (
                new LimbAngles(55 + 10 * Math.Sin(Math.PI * b), 125, 100 + 15 * Pulse(b), -60),
                new LimbAngles(60 - 10 * Math.Sin(Math.PI * b), 125, 95 + 15 * Pulse(b), -60)),
            ArmMove.Hips => (
                new LimbAngles(42 + 5 * Pulse(b), -15, 112, -95),
                new LimbAngles(42 + 5 * Pulse(b), -15, 112, -95)),
            ArmMove.Point => (Point(b, -1), Point(b, +1)),
            _ => (
                new LimbAngles(80 + 45 * Math.Sin(Math.PI * b), 40 + 50 * Math.Cos(Math.PI * b), 25, 20),
                new LimbAngles(80 + 45 * Math.Sin(Math.PI * b + Math.PI), 40 + 50 * Math.Cos(Math.PI * b + Math.PI), 25, 20)),
        };
    }

    public static (LimbAngles Right, LimbAngles Left, LegExtras Extras) Legs(LegMove move, double b)
    {
        double bounce = OnBeat(b);
        switch (move)
        {
            case LegMove.Bounce:
                {
                    var leg = new LimbAngles(6 + 8 * bounce, 70, 24 * bounce, 8);
                    return (leg, leg, new LegExtras(0, 0, 0, 0));
                }

            case LegMove.StepTouch:
                {
                    double side = Math.Sin(Math.PI * b / 2);
                    var right = new LimbAngles(5 + 14 * Math.Max(0, -side), 0, 18 * bounce, 8);
                    var left = new LimbAngles(5 + 14 * Math.Max(0, side), 0, 18 * bounce, 8);
                    return (right, left, new LegExtras(0.13 * side, 0, 0, 5 * side));
                }

            case LegMove.KneeLift:
                return (
                    new LimbAngles(72 * Lift(b, -1), 85, 8 + 80 * Lift(b, -1), 5),
                    new LimbAngles(72 * Lift(b, +1), 85, 8 + 80 * Lift(b, +1), 5),
                    new LegExtras(0, 0, 0, 0));
            case LegMove.Kick:
                {
                    double r = Lift(b, -1), l = Lift(b, +1);
                    return (
                        new LimbAngles(58 * r, 80, 10 + 110 * r * (1 - r), 5),
                        new LimbAngles(58 * l, 80, 10 + 110 * l * (1 - l), 5),
                        new LegExtras(0, 0, 0, 0));
                }

            case LegMove.SideTap:
                return (
                    new LimbAngles(4 + 28 * Lift(b, -1), 0, 5 + 12 * Lift(b, +1), 6),
                    new LimbAngles(4 + 28 * Lift(b, +1), 0, 5 + 12 * Lift(b, -1), 6),
                    new LegExtras(0, 0, 0, -6 * Math.Sin(Math.PI * b)));
            case LegMove.Twist:
                {
                    var leg = new LimbAngles(12, 70, 28 + 8 * bounce, 15);
                    double turn = Math.Sin(Math.PI * b);
                    return (leg, leg, new LegExtras(0, 30 * turn, -20 * turn, 0));
                }

            default:
                {
                    var leg = new LimbAngles(16, 20, 30 + 12 * bounce, 20);
                    return (leg, leg, new LegExtras(0, 0, 0, 9 * Math.Sin(Math.PI * b)));
                }
        }
    }

    /// <summary>One arm points up while the other rests at the belly, switching every two beats.</summary>
    private static LimbAngles Point(double b, int side)
    {
        double active = SmoothSquare(b / 2 + (side > 0 ? 0.5 : 0));
        return LimbAngles.Lerp(new LimbAngles(25, 110, 70, -40), new LimbAngles(140, 30, 5, 0), active);
    }

    /// <summary>0..1, highest halfway between beats.</summary>
    private static double Pulse(double b) => 0.5 - 0.5 * Math.Cos(2 * Math.PI * b);

    /// <summary>0..1, highest on the beat (a bounce).</summary>
    private static double OnBeat(double b) => 0.5 + 0.5 * Math.Cos(2 * Math.PI * b);

    /// <summary>Alternating lift: the right side (−1) on odd beats, the left (+1) on even beats, smooth.</summary>
    private static double Lift(double b, int side)
    {
        double s = Math.Sin(Math.PI * b) * side;
        return s > 0 ? Math.Pow(s, 1.5) : 0;
    }

    private static double SmoothSquare(double x)
    {
        double f = x - Math.Floor(x);
        double t = Math.Clamp((f < 0.5 ? f : 1 - f) * 6 - 0.5, 0, 1);
        return t * t * (3 - 2 * t);
    }
}
