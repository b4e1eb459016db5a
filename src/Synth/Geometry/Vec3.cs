namespace VUnetStream.Synth.Geometry;

/// <summary>
/// A 3D vector in double precision. The generator's world uses image axes: x to the right, y down,
/// z towards the viewer (so a larger z is closer to the camera).
/// </summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static Vec3 operator *(double s, Vec3 a) => new(a.X * s, a.Y * s, a.Z * s);

    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;

    public Vec3 Cross(Vec3 b) => new(Y * b.Z - Z * b.Y, Z * b.X - X * b.Z, X * b.Y - Y * b.X);

    /// <summary>The unit vector in this direction; the zero vector stays zero.</summary>
    public Vec3 Normalized()
    {
        double length = Length;
        return length > 1e-12 ? this / length : this;
    }

    public static Vec3 Lerp(Vec3 a, Vec3 b, double t) => a + (b - a) * t;
}

/// <summary>An orthonormal frame attached to a body part: its left, up and forward directions.</summary>
public readonly record struct Frame3(Vec3 Left, Vec3 Up, Vec3 Forward);
