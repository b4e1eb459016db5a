using VUnetStream.Synth.Body;
using VUnetStream.Synth.Geometry;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Rendering;

/// <summary>
/// Colours a surface point: the appearance's colours and patterns (albedo), then a key light from the
/// upper left, a weak fill light from the right and ambient light. Lighting is normalised so a surface
/// facing the camera shows exactly the appearance's colour.
/// </summary>
internal sealed class SurfaceShader
{
    private static readonly Vec3 Key = new Vec3(-0.45, -0.65, 0.62).Normalized();
    private static readonly Vec3 Fill = new Vec3(0.75, -0.15, 0.65).Normalized();
    private static readonly Vec3 HalfKey = (Key + new Vec3(0, 0, 1)).Normalized();
    private const double Ambient = 0.3, KeyStrength = 0.8, FillStrength = 0.22;
    private static readonly double FrontShade = Ambient + KeyStrength * Key.Z + FillStrength * Fill.Z;

    private readonly Appearance _look;
    private readonly Linear _skin, _hair, _shirt, _accent, _legs, _shoes, _sole, _lips, _brows, _eyes;
    private readonly double _unit;
    private readonly double _patternPeriod;
    private readonly double _waist;
    private readonly double _printHeight;
    private readonly double _printSize;
    private readonly double _shoulderHalf;

    public SurfaceShader(Appearance look, Skeleton posed)
    {
        _look = look;
        _skin = Linear.From(look.Skin);
        _hair = Linear.From(look.Hair);
        _shirt = Linear.From(look.Shirt);
        _accent = Linear.From(look.ShirtAccent);
        _legs = Linear.From(look.Legs);
        _shoes = Linear.From(look.Shoes);
        _sole = look.Shoes.Luma > 150 ? _shoes.Times(0.6f) : Linear.From(new Rgb(225, 222, 215));
        _lips = _skin.Times(0.78f, 0.48f, 0.5f);
        _brows = _hair.Times(0.55f);
        _eyes = Linear.From(new Rgb(38, 28, 24));
        _unit = posed.Unit;
        double s = posed.BodyScale;
        _patternPeriod = 0.05 * s;
        _waist = 0.075 * s;
        _printHeight = ((posed[Core.Keypoints.Coco18.Neck] - posed[SkeletonPoint.Pelvis]).Length / posed.Unit) - 0.1 * s;
        _printSize = 0.055 * s;
        _shoulderHalf = (posed[Core.Keypoints.Coco18.LShoulder] - posed[Core.Keypoints.Coco18.RShoulder]).Length / posed.Unit / 2;
    }

    /// <summary>The lit colour in linear light of the surface point in <paramref name="hit"/>.</summary>
    public Linear Shade(Primitive primitive, in SurfaceHit hit, double pixel)
    {
        Linear albedo = Albedo(primitive, hit, pixel / _unit);
        Vec3 n = hit.Normal;
        double diffuse = Ambient + KeyStrength * Math.Max(0, n.Dot(Key)) + FillStrength * Math.Max(0, n.Dot(Fill));
        float shade = (float)(diffuse / FrontShade);
        double shininess = primitive.Surface switch
        {
            Surface.Hair => 0.1,
            Surface.Shoe => 0.12,
            Surface.Skin or Surface.Face => 0.035,
            _ => 0.0,
        };
        float spec = 0f;
        if (shininess > 0)
        {
            double c = Math.Max(0, n.Dot(HalfKey)), c2 = c * c, c4 = c2 * c2, c8 = c4 * c4, c16 = c8 * c8;
            spec = (float)(shininess * c16 * c8 * c4);
        }
        return new Linear(albedo.R * shade + spec, albedo.G * shade + spec, albedo.B * shade + spec);
    }

    private Linear Albedo(Primitive primitive, in SurfaceHit hit, double pixelInUnits)
    {
        switch (primitive.Surface)
        {
            case Surface.Skin:
                return _skin;
            case Surface.Face:
                return Face(hit);
            case Surface.Hair:
                // Fine streaks along the strands so hair does not look like plastic.
                double strands = Math.Sin(Math.Atan2(hit.Normal.X, hit.Normal.Z + 1.5) * 60 + hit.Normal.Y * 7);
                return _hair.Times((float)(1 + 0.07 * strands));
            case Surface.Shoe:
                return hit.Normal.Y > 0.55 ? _sole : _shoes;
            case Surface.Legwear:
                return _legs;
            default:
                break;
        }

        // Cloth with a pattern: coordinates along (u) and around (v) the texture frame, in body units.
        Vec3 local = hit.Point - primitive.TextureOrigin;
        Frame3 f = primitive.TextureFrame;
        double lx = local.Dot(f.Left) / _unit, ly = local.Dot(f.Up) / _unit, lz = local.Dot(f.Forward) / _unit;
        double u = ly;
        double angle = Math.Atan2(lx, lz);
        if (primitive.Surface == Surface.TorsoCloth && u < _waist)
        {
            return _legs;
        }

        if (primitive.Surface == Surface.ShoulderCap && _look.SleeveLength <= 0 && Math.Abs(lx) > _shoulderHalf - 0.03)
        {
            return _skin;
        }

        double radius = primitive.Surface == Surface.Shirt ? Math.Sqrt(lx * lx + lz * lz) : 0.1;
        double v = angle * radius;
        bool torso = primitive.Surface is Surface.TorsoCloth or Surface.ShoulderCap;
        return Pattern(u, v, angle, torso, pixelInUnits);
    }

    private Linear Pattern(double u, double v, double angle, bool torso, double aa)
    {
        double p = _patternPeriod;
        switch (_look.ShirtPattern)
        {
            case ShirtPattern.Stripes:
                return Linear.Mix(_shirt, _accent, Band(u, p, 0.42, aa));
            case ShirtPattern.Checks:
                double m = 0.5 * (Band(u, p * 0.9, 0.5, aa) + Band(v, p * 0.9, 0.5, aa));
                return Linear.Mix(_shirt, _accent, m * 0.85);
            case ShirtPattern.Dots:
                double row = Math.Floor(u / p);
                double cu = (row + 0.5) * p, cv = (Math.Floor(v / p + 0.5 * (row % 2)) + 0.5 - 0.5 * (row % 2)) * p;
                double dist = Math.Sqrt(Sq(u - cu) + Sq(v - cv));
                return Linear.Mix(_shirt, _accent, Math.Clamp((0.2 * p - dist) / aa + 0.5, 0, 1));
            case ShirtPattern.Print when torso:
                return Linear.Mix(_shirt, _accent, PrintCoverage(u, angle, aa));
            default:
                return _shirt;
        }
    }

    /// <summary>A graphic on the chest, on the front only (|angle| small).</summary>
    private double PrintCoverage(double u, double angle, double aa)
    {
        if (Math.Abs(angle) > 1.3)
        {
            return 0;
        }

        double gx = angle * 0.1 / _printSize, gy = (u - _printHeight) / _printSize, e = aa / _printSize;
        double rho = Math.Sqrt(gx * gx + gy * gy);
        double inside = _look.Print switch
        {
            PrintShape.Circle => Math.Max(Edge(1 - rho, e) * Edge(rho - 0.68, e), Edge(0.36 - rho, e)),
            PrintShape.Star => Edge(0.42 + 0.58 * Math.Pow(0.5 + 0.5 * Math.Cos(5 * Math.Atan2(gx, -gy)), 3) - rho, e),
            PrintShape.Diamond => Edge(1 - Math.Abs(gx) - Math.Abs(gy), e),
            _ => Edge(0.32 - Math.Abs(gy), e),
        };
        return inside;
    }

    private Linear Face(in SurfaceHit hit)
    {
        double x = hit.Lx, y = hit.Ly, z = hit.Lz;
        if (z < 0.2)
        {
            return _skin;
        }

        (double ex, double ey, _) = HeadShape.LeftEye;
        foreach (double sx in (ReadOnlySpan<double>)[ex, -ex])
        {
            double dx = x - sx, dy = y - ey;
            if (Sq(dx / 0.085) + Sq(dy / 0.055) < 1)
            {
                return _eyes;
            }

            if (Sq(dx / 0.12) + Sq((dy - 0.13) / 0.028) < 1)
            {
                return _brows;
            }
        }

        (_, double my, _) = HeadShape.Mouth;
        if (Sq(x / 0.15) + Sq((y - my) / 0.038) < 1)
        {
            return _lips;
        }

        return _skin;
    }

    /// <summary>Fraction of a stripe of width duty·period at coordinate s, smoothed over aa.</summary>
    private static double Band(double s, double period, double duty, double aa)
    {
        double f = s / period - Math.Floor(s / period);
        double d = Math.Min(f, duty - f) * period;
        double inside = f < duty ? d : -Math.Min(f - duty, 1 - f) * period;
        return Edge(inside, aa);
    }

    private static double Edge(double signedDistance, double aa) => Math.Clamp(signedDistance / Math.Max(aa, 1e-6) + 0.5, 0, 1);

    private static double Sq(double v) => v * v;
}
