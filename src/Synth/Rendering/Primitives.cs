using VUnetStream.Synth.Geometry;

namespace VUnetStream.Synth.Rendering;

/// <summary>How a primitive's surface is coloured.</summary>
internal enum Surface : byte
{
    Skin,
    Face,
    Hair,
    Shirt,
    TorsoCloth,
    ShoulderCap,
    Legwear,
    Shoe,
}

/// <summary>What a pixel's view ray found on one primitive (all in output-pixel units, z towards the viewer).</summary>
internal struct SurfaceHit
{
    public double Z;
    public double Alpha;
    public Vec3 Normal;
    public Vec3 Point;

    /// <summary>Position on an ellipsoid in its unit-sphere coordinates (left, up, forward).</summary>
    public double Lx, Ly, Lz;
}

/// <summary>
/// A solid shape seen by an orthographic camera. <see cref="Hit"/> returns the front-most surface
/// point under a pixel and how much of the pixel the shape covers (analytic anti-aliasing).
/// </summary>
internal abstract class Primitive
{
    public required BodyPart Part { get; init; }

    public required Surface Surface { get; init; }

    /// <summary>Frame for cloth patterns: u runs along <see cref="Frame3.Up"/>, v around it.</summary>
    public Frame3 TextureFrame { get; init; }

    public Vec3 TextureOrigin { get; init; }

    public double MinX { get; protected set; }

    public double MinY { get; protected set; }

    public double MaxX { get; protected set; }

    public double MaxY { get; protected set; }

    /// <summary>Tests the pixel centred at (x, y) whose width is <paramref name="pixel"/>.</summary>
    public abstract bool Hit(double x, double y, double pixel, ref SurfaceHit hit);
}

/// <summary>
/// A sphere-swept segment with a radius changing linearly from <c>a</c> to <c>b</c> (limbs, neck,
/// feet, hair locks). Under orthographic projection its outline is exactly the 2D disc-swept shape,
/// so coverage is computed in 2D; depth and normal come from the front-most of the spheres at the
/// nearest axis point and at both ends. Ends can be cut flat (hems of sleeves, trousers, skirts).
/// <see cref="DepthScale"/> below 1 flattens the cross-section towards the viewer (a skirt's ellipse).
/// </summary>
internal sealed class RoundCone : Primitive
{
    private readonly Vec3 _a;
    private readonly Vec3 _ab;
    private readonly double _ra;
    private readonly double _dr;
    private readonly double _len2;
    private readonly double _len;
    private readonly double _rMax;
    private readonly bool _flatStart;
    private readonly bool _flatEnd;
    private readonly double _depthScale;

    public RoundCone(Vec3 a, Vec3 b, double ra, double rb, bool flatStart = false, bool flatEnd = false, double depthScale = 1)
    {
        _a = a;
        _ab = b - a;
        _ra = ra;
        _dr = rb - ra;
        _len2 = _ab.X * _ab.X + _ab.Y * _ab.Y;
        _len = Math.Sqrt(_len2);
        _rMax = Math.Max(ra, rb);
        _flatStart = flatStart;
        _flatEnd = flatEnd;
        _depthScale = depthScale;
        MinX = Math.Min(a.X, b.X) - _rMax - 1;
        MaxX = Math.Max(a.X, b.X) + _rMax + 1;
        MinY = Math.Min(a.Y, b.Y) - _rMax - 1;
        MaxY = Math.Max(a.Y, b.Y) + _rMax + 1;
        A = a;
        B = b;
    }

    public Vec3 A { get; }

    public Vec3 B { get; }

    public override bool Hit(double x, double y, double pixel, ref SurfaceHit hit)
    {
        double px = x - _a.X, py = y - _a.Y;
        double t = _len2 > 1e-9 ? (px * _ab.X + py * _ab.Y) / _len2 : (_ab.Z >= 0 ? 1 : 0);
        double tc = Math.Clamp(t, 0, 1);

        // Cheap rejection by the largest radius before any square roots.
        double ex = px - tc * _ab.X, ey = py - tc * _ab.Y;
        double reach = _rMax + pixel;
        if (ex * ex + ey * ey > reach * reach)
        {
            return false;
        }

        double bestZ = double.NegativeInfinity, alpha = 0;
        bool cut = (t < 0 && _flatStart) || (t > 1 && _flatEnd);
        if (cut)
        {
            // Beyond a flat end: only the rim of the cut face, fading over one pixel.
            double over = (t < 0 ? -t : t - 1) * _len;
            double fade = Math.Clamp(0.5 - over / pixel, 0, 1);
            Candidate(x, y, tc, pixel, fade, ref bestZ, ref alpha, ref hit);
        }
        else
        {
            Candidate(x, y, tc, pixel, 1, ref bestZ, ref alpha, ref hit);
            if (!_flatStart)
            {
                Candidate(x, y, 0, pixel, 1, ref bestZ, ref alpha, ref hit);
            }

            if (!_flatEnd)
            {
                Candidate(x, y, 1, pixel, 1, ref bestZ, ref alpha, ref hit);
            }
        }

        if (alpha <= 0)
        {
            return false;
        }

        hit.Alpha = alpha;
        return true;
    }

    private void Candidate(double x, double y, double t, double pixel, double fade, ref double bestZ, ref double alpha, ref SurfaceHit hit)
    {
        double cx = _a.X + t * _ab.X, cy = _a.Y + t * _ab.Y, cz = _a.Z + t * _ab.Z;
        double r = _ra + t * _dr;
        double ex = x - cx, ey = y - cy;
        double d2 = ex * ex + ey * ey;
        double d = Math.Sqrt(d2);
        double a = Math.Clamp((r - d) / pixel + 0.5, 0, 1) * fade;
        if (a <= 0)
        {
            return;
        }

        double h = Math.Sqrt(Math.Max(r * r - d2, 0));
        double z = cz + h * _depthScale;
        alpha = Math.Max(alpha, a);
        if (z > bestZ)
        {
            bestZ = z;
            hit.Z = z;
            hit.Point = new Vec3(x, y, z);
            hit.Normal = d < r ? new Vec3(ex / r, ey / r, h / r) : new Vec3(ex / d, ey / d, 0);
        }
    }
}

/// <summary>An ellipsoid with arbitrary orientation (head, torso, hands, ears, hair), intersected exactly.</summary>
internal class Ellipsoid : Primitive
{
    private readonly Vec3 _c;
    private readonly Vec3 _a1, _a2, _a3;
    private readonly double _r1, _r2, _r3;
    private readonly double _u1, _u2, _u3, _w1, _w2, _w3, _b1, _b2, _b3;
    private readonly double _aa;

    /// <summary>Axes must be orthonormal; they are the ellipsoid's left, up and forward directions.</summary>
    public Ellipsoid(Vec3 center, Frame3 axes, double rLeft, double rUp, double rForward)
    {
        _c = center;
        (_a1, _a2, _a3) = (axes.Left, axes.Up, axes.Forward);
        (_r1, _r2, _r3) = (rLeft, rUp, rForward);
        (_u1, _w1, _b1) = (_a1.X / _r1, _a1.Y / _r1, _a1.Z / _r1);
        (_u2, _w2, _b2) = (_a2.X / _r2, _a2.Y / _r2, _a2.Z / _r2);
        (_u3, _w3, _b3) = (_a3.X / _r3, _a3.Y / _r3, _a3.Z / _r3);
        _aa = _b1 * _b1 + _b2 * _b2 + _b3 * _b3;
        double hx = Math.Sqrt(Sq(_r1 * _a1.X) + Sq(_r2 * _a2.X) + Sq(_r3 * _a3.X));
        double hy = Math.Sqrt(Sq(_r1 * _a1.Y) + Sq(_r2 * _a2.Y) + Sq(_r3 * _a3.Y));
        MinX = center.X - hx - 1;
        MaxX = center.X + hx + 1;
        MinY = center.Y - hy - 1;
        MaxY = center.Y + hy + 1;
        Center = center;
    }

    public Vec3 Center { get; }

    public override bool Hit(double x, double y, double pixel, ref SurfaceHit hit)
    {
        // Along the view ray z = c.z + τ, the unit-sphere coordinates are q_i = α_i + β_i·τ;
        // Σ q_i² = 1 is a quadratic in τ whose discriminant D is ≥ 0 inside the outline.
        double dx = x - _c.X, dy = y - _c.Y;
        double q1 = dx * _u1 + dy * _w1, q2 = dx * _u2 + dy * _w2, q3 = dx * _u3 + dy * _w3;
        double b = q1 * _b1 + q2 * _b2 + q3 * _b3;
        double c = q1 * q1 + q2 * q2 + q3 * q3 - 1;
        double disc = b * b - _aa * c;

        // Coverage from the signed distance to the outline, D / |∇D| to first order.
        double bx = _u1 * _b1 + _u2 * _b2 + _u3 * _b3, by = _w1 * _b1 + _w2 * _b2 + _w3 * _b3;
        double gx = 2 * b * bx - _aa * 2 * (q1 * _u1 + q2 * _u2 + q3 * _u3);
        double gy = 2 * b * by - _aa * 2 * (q1 * _w1 + q2 * _w2 + q3 * _w3);
        double grad = Math.Sqrt(gx * gx + gy * gy);
        double alpha = grad > 1e-12 ? Math.Clamp(disc / grad / pixel + 0.5, 0, 1) : (disc > 0 ? 1 : 0);
        if (alpha <= 0)
        {
            return false;
        }

        double tau = (-b + Math.Sqrt(Math.Max(disc, 0))) / _aa;
        double l1 = q1 + _b1 * tau, l2 = q2 + _b2 * tau, l3 = q3 + _b3 * tau;
        hit.Z = _c.Z + tau;
        hit.Point = new Vec3(x, y, hit.Z);
        hit.Normal = (_a1 * (l1 / _r1) + _a2 * (l2 / _r2) + _a3 * (l3 / _r3)).Normalized();
        hit.Lx = l1;
        hit.Ly = l2;
        hit.Lz = l3;
        hit.Alpha = alpha;
        return Accept(ref hit);
    }

    /// <summary>Lets a subclass cut holes into the surface (hair only covers part of the head).</summary>
    protected virtual bool Accept(ref SurfaceHit hit) => true;

    private static double Sq(double v) => v * v;
}

/// <summary>
/// A shell around the head that is hair only above a hairline. The hairline is a height (in the
/// head's unit-sphere coordinates) that depends on how far forward the point is: low at the nape,
/// higher at the sides, highest at the forehead. Where there is no hair, the ray passes on to the head.
/// </summary>
internal sealed class HairShell(Vec3 center, Frame3 axes, double rLeft, double rUp, double rForward, double back, double side, double front)
    : Ellipsoid(center, axes, rLeft, rUp, rForward)
{
    protected override bool Accept(ref SurfaceHit hit)
    {
        double z = Math.Clamp(hit.Lz, -1, 1);
        double line = z < 0 ? side + (back - side) * -z : side + (front - side) * z;
        double hairness = Math.Clamp((hit.Ly - line) / 0.07 + 0.5, 0, 1);
        hit.Alpha *= hairness;
        return hit.Alpha > 0;
    }
}
