using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.Geometry;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Rendering;

/// <summary>
/// Builds the solid shapes of a dressed person on a projected skeleton: bones give the positions,
/// the appearance gives girth, hair style and the extent of sleeves, trousers and skirt.
/// Girths are in body units (an average standing height is 1).
/// </summary>
internal static class BodyPrimitives
{
    public static List<Primitive> Build(Appearance look, Skeleton s)
    {
        var list = new List<Primitive>(48);
        double unit = s.Unit * s.BodyScale;
        double g = unit * look.Build;
        AddHead(list, look, s);
        AddTorso(list, look, s, unit, g);
        AddArm(list, look, s, -1, g);
        AddArm(list, look, s, +1, g);
        AddLeg(list, look, s, -1, g);
        AddLeg(list, look, s, +1, g);
        if (look.LegWear == LegWear.Skirt)
        {
            AddSkirt(list, look, s, unit, g);
        }

        return list;
    }

    private static void AddHead(List<Primitive> list, Appearance look, Skeleton s)
    {
        Frame3 h = s.Head;
        Vec3 c = s[SkeletonPoint.HeadCenter];
        double r = s.HeadRadius, rx = r * HeadShape.WidthFactor, rz = r * HeadShape.DepthFactor;
        list.Add(new Ellipsoid(c, h, rx, r, rz) { Part = BodyPart.Head, Surface = Surface.Face });

        // Nose: a small ellipsoid whose tip is the nose keypoint.
        double noseReach = rz * 0.08 + HeadShape.NoseLength * r;
        Vec3 noseCenter = s[Coco18.Nose] - h.Forward * noseReach;
        list.Add(new Ellipsoid(noseCenter, h, 0.12 * r, 0.19 * r, noseReach) { Part = BodyPart.Head, Surface = Surface.Skin });
        foreach (Coco18 ear in (ReadOnlySpan<Coco18>)[Coco18.REar, Coco18.LEar])
        {
            list.Add(new Ellipsoid(s[ear], h, 0.1 * r, 0.25 * r, 0.15 * r) { Part = BodyPart.Head, Surface = Surface.Skin });
        }

        AddHair(list, look.HairStyle, s, c, h, r, rx, rz);
    }

    private static void AddHair(List<Primitive> list, HairStyle style, Skeleton s, Vec3 c, Frame3 h, double r, double rx, double rz)
    {
        // Hairline heights (back, side, front) in the head's unit sphere, and the shell's size.
        (double back, double side, double front, double sx, double sy, double sz) = style switch
        {
            HairStyle.Buzz => (-0.55, 0.1, 0.55, 1.02, 1.02, 1.02),
            HairStyle.Short => (-0.5, 0.05, 0.5, 1.07, 1.09, 1.07),
            HairStyle.Bob => (-0.85, -0.62, 0.42, 1.15, 1.1, 1.1),
            HairStyle.Long => (-0.9, -0.5, 0.45, 1.1, 1.08, 1.08),
            HairStyle.Curly => (-0.75, -0.3, 0.3, 1.25, 1.2, 1.2),
            _ => (-0.5, 0.0, 0.5, 1.05, 1.07, 1.05),
        };
        Vec3 shellCenter = c + h.Up * (0.04 * r);
        list.Add(new HairShell(shellCenter, h, rx * sx, r * sy, rz * sz, back, side, front) { Part = BodyPart.Hair, Surface = Surface.Hair });
        Frame3 chest = s.Chest;
        double unit = s.Unit * s.BodyScale;
        switch (style)
        {
            case HairStyle.Long:
                {
                    // A mass of hair hanging behind the head down to the shoulder blades.
                    Vec3 top = c + h.Up * (0.15 * r) - h.Forward * (0.42 * rz);
                    Vec3 bottom = s[Coco18.Neck] - chest.Up * (0.11 * unit) - chest.Forward * (0.05 * unit);
                    list.Add(new RoundCone(top, bottom, 0.92 * rx, 0.8 * rx, flatEnd: true) { Part = BodyPart.Hair, Surface = Surface.Hair });
                    break;
                }

            case HairStyle.Ponytail:
                {
                    Vec3 tie = c + h.Up * (0.3 * r) - h.Forward * (1.0 * rz);
                    Vec3 end = tie - chest.Up * (0.17 * unit) - h.Forward * (0.03 * unit);
                    list.Add(new RoundCone(tie, end, 0.26 * r, 0.14 * r) { Part = BodyPart.Hair, Surface = Surface.Hair });
                    break;
                }

            case HairStyle.Bun:
                list.Add(new Ellipsoid(c + h.Up * (0.8 * r) - h.Forward * (0.45 * rz), h, 0.42 * r, 0.38 * r, 0.42 * r) { Part = BodyPart.Hair, Surface = Surface.Hair });
                break;

            case HairStyle.Curly:
                // Curls: small spheres on the shell wherever it is hair, for a bumpy outline.
                foreach ((double x, double y, double z) in CurlDirections)
                {
                    double line = z < 0 ? side + (back - side) * -z : side + (front - side) * z;
                    if (y > line + 0.1)
                    {
                        Vec3 at = shellCenter + h.Left * (x * rx * sx) + h.Up * (y * r * sy) + h.Forward * (z * rz * sz);
                        list.Add(new Ellipsoid(at, h, 0.3 * r, 0.3 * r, 0.3 * r) { Part = BodyPart.Hair, Surface = Surface.Hair });
                    }
                }

                break;

            default:
                break;
        }
    }

    // Evenly spread directions on a sphere (a Fibonacci spiral), used for curls.
    private static readonly (double X, double Y, double Z)[] CurlDirections = Enumerable.Range(0, 40).Select(i =>
    {
        double y = 1 - (i + 0.5) / 40 * 2;
        double rr = Math.Sqrt(1 - y * y);
        double phi = i * Math.PI * (3 - Math.Sqrt(5));
        return (Math.Cos(phi) * rr, y, Math.Sin(phi) * rr);
    }).ToArray();

    private static void AddTorso(List<Primitive> list, Appearance look, Skeleton s, double unit, double g)
    {
        Vec3 neck = s[Coco18.Neck], pelvis = s[SkeletonPoint.Pelvis];
        Frame3 chest = s.Chest, hips = s.Hips;
        double torso = (neck - pelvis).Length;
        double shoulders = (s[Coco18.LShoulder] - s[Coco18.RShoulder]).Length;
        double hipsWidth = (s[Coco18.LHip] - s[Coco18.RHip]).Length;
        double buildWidth = 0.7 + 0.3 * look.Build;

        // The texture frame of the shirt: u is the height above the pelvis along the spine.
        Vec3 head = s[SkeletonPoint.HeadBase];
        list.Add(new RoundCone(neck - chest.Up * (0.02 * unit), head + s.Head.Up * (0.2 * s.HeadRadius), 0.031 * g, 0.027 * g)
        { Part = BodyPart.Neck, Surface = Surface.Skin });

        list.Add(new Ellipsoid(neck - chest.Up * (0.37 * torso), chest, 0.5 * shoulders * 0.9 * buildWidth, 0.52 * torso, 0.066 * g)
        { Part = BodyPart.Torso, Surface = Surface.TorsoCloth, TextureFrame = chest, TextureOrigin = pelvis });

        Vec3 up = (hips.Up + chest.Up).Normalized();
        Vec3 left = (hips.Left - up * hips.Left.Dot(up)).Normalized();
        var belly = new Frame3(left, up, up.Cross(left));
        list.Add(new Ellipsoid(pelvis + up * (0.16 * torso), belly, (0.5 * hipsWidth + 0.05 * unit) * buildWidth, 0.33 * torso, 0.068 * g)
        { Part = BodyPart.Torso, Surface = Surface.TorsoCloth, TextureFrame = chest, TextureOrigin = pelvis });

        // Shoulders: a capsule whose round ends are the deltoids.
        list.Add(new RoundCone(Vec3.Lerp(neck, s[Coco18.RShoulder], 0.85), Vec3.Lerp(neck, s[Coco18.LShoulder], 0.85), 0.037 * g, 0.037 * g)
        { Part = BodyPart.Torso, Surface = Surface.ShoulderCap, TextureFrame = chest, TextureOrigin = pelvis });
    }

    private static void AddArm(List<Primitive> list, Appearance look, Skeleton s, int side, double g)
    {
        bool right = side < 0;
        Vec3 shoulder = s[right ? Coco18.RShoulder : Coco18.LShoulder];
        Vec3 elbow = s[right ? Coco18.RElbow : Coco18.LElbow];
        Vec3 wrist = s[right ? Coco18.RWrist : Coco18.LWrist];
        BodyPart upper = right ? BodyPart.RightUpperArm : BodyPart.LeftUpperArm;
        BodyPart fore = right ? BodyPart.RightForearm : BodyPart.LeftForearm;
        BodyPart hand = right ? BodyPart.RightHand : BodyPart.LeftHand;

        list.Add(new RoundCone(shoulder, elbow, 0.036 * g, 0.027 * g) { Part = upper, Surface = Surface.Skin });
        list.Add(new RoundCone(elbow, wrist, 0.027 * g, 0.019 * g) { Part = fore, Surface = Surface.Skin });

        // Hand: a flat ellipsoid continuing the forearm, its width along the palm's edge.
        Vec3 center = s[right ? SkeletonPoint.RHandCenter : SkeletonPoint.LHandCenter];
        Vec3 along = (center - wrist).Normalized();
        Vec3 front = right ? s.RightHandFront : s.LeftHandFront;
        Vec3 width = (front - along * front.Dot(along)).Normalized();
        double u = s.Unit * s.BodyScale;
        list.Add(new Ellipsoid(center, new Frame3(width, along, width.Cross(along)), 0.03 * u * (0.9 + 0.1 * look.Build), 0.056 * u, 0.016 * u)
        { Part = hand, Surface = Surface.Skin });

        // Thumb, on the palm's leading edge.
        Vec3 thumbBase = wrist + along * (0.012 * u) + width * (0.02 * u);
        list.Add(new RoundCone(thumbBase, thumbBase + along * (0.03 * u) + width * (0.022 * u), 0.011 * u, 0.008 * u)
        { Part = hand, Surface = Surface.Skin });

        if (look.SleeveLength > 0)
        {
            AddCovering(list, shoulder, elbow, wrist, look.SleeveLength, (0.036 * g, 0.027 * g, 0.019 * g), 1.13, 0.005 * g,
                upper, fore, Surface.Shirt);
        }
    }

    private static void AddLeg(List<Primitive> list, Appearance look, Skeleton s, int side, double g)
    {
        bool right = side < 0;
        Vec3 hip = s[right ? Coco18.RHip : Coco18.LHip];
        Vec3 knee = s[right ? Coco18.RKnee : Coco18.LKnee];
        Vec3 ankle = s[right ? Coco18.RAnkle : Coco18.LAnkle];
        BodyPart thigh = right ? BodyPart.RightThigh : BodyPart.LeftThigh;
        BodyPart shin = right ? BodyPart.RightShin : BodyPart.LeftShin;
        BodyPart foot = right ? BodyPart.RightFoot : BodyPart.LeftFoot;

        list.Add(new RoundCone(hip, knee, 0.052 * g, 0.038 * g) { Part = thigh, Surface = Surface.Skin });
        list.Add(new RoundCone(knee, ankle, 0.039 * g, 0.024 * g) { Part = shin, Surface = Surface.Skin });

        double u = s.Unit * s.BodyScale;
        Vec3 heel = s[right ? SkeletonPoint.RHeel : SkeletonPoint.LHeel];
        Vec3 toe = s[right ? SkeletonPoint.RToe : SkeletonPoint.LToe];
        list.Add(new RoundCone(heel, toe, BodyKinematics.HeelRadius * u, BodyKinematics.ToeRadius * u) { Part = foot, Surface = Surface.Shoe });
        list.Add(new RoundCone(ankle, ankle + (heel - ankle) * 0.3, 0.027 * u, 0.026 * u) { Part = foot, Surface = Surface.Shoe });

        if (look.LegWear != LegWear.Skirt)
        {
            AddCovering(list, hip, knee, ankle, look.LegLength, (0.052 * g, 0.038 * g, 0.024 * g), 1.1, 0.007 * g,
                thigh, shin, Surface.Legwear);
        }
    }

    /// <summary>
    /// A sleeve or trouser leg: slightly wider than the limb, from its root to <paramref name="length"/>
    /// of the way to its end, cut flat at the hem.
    /// </summary>
    private static void AddCovering(List<Primitive> list, Vec3 root, Vec3 mid, Vec3 end, double length,
        (double Root, double Mid, double End) radii, double loose, double extra, BodyPart first, BodyPart second, Surface surface)
    {
        double l1 = (mid - root).Length, l2 = (end - mid).Length;
        double reach = length * (l1 + l2);
        double R(double r) => r * loose + extra;
        if (reach <= l1 || l2 < 1e-9)
        {
            double t = l1 > 1e-9 ? Math.Min(reach / l1, 1) : 1;
            Vec3 hem = Vec3.Lerp(root, mid, t);
            list.Add(Covering(root, hem, R(radii.Root), R(radii.Root + (radii.Mid - radii.Root) * t), first, surface));
        }
        else
        {
            double t = Math.Min((reach - l1) / l2, 1);
            list.Add(Covering(root, mid, R(radii.Root), R(radii.Mid), first, surface, flatEnd: false));
            list.Add(Covering(mid, Vec3.Lerp(mid, end, t), R(radii.Mid), R(radii.Mid + (radii.End - radii.Mid) * t), second, surface));
        }
    }

    private static RoundCone Covering(Vec3 a, Vec3 b, double ra, double rb, BodyPart part, Surface surface, bool flatEnd = true)
    {
        // Texture frame along the limb so stripes run around it.
        Vec3 axis = (a - b).Normalized();
        Vec3 any = Math.Abs(axis.Z) < 0.9 ? new Vec3(0, 0, 1) : new Vec3(1, 0, 0);
        Vec3 left = axis.Cross(any).Normalized();
        return new RoundCone(a, b, ra, rb, flatEnd: flatEnd)
        {
            Part = part,
            Surface = surface,
            TextureFrame = new Frame3(left, axis, left.Cross(axis)),
            TextureOrigin = a,
        };
    }

    private static void AddSkirt(List<Primitive> list, Appearance look, Skeleton s, double unit, double g)
    {
        Vec3 pelvis = s[SkeletonPoint.Pelvis];
        Frame3 hips = s.Hips;
        double legLength = (s[Coco18.RKnee] - s[Coco18.RHip]).Length + (s[Coco18.RAnkle] - s[Coco18.RKnee]).Length;
        double reach = look.LegLength * legLength;

        // The hem follows the legs: its centre is between the two points at the skirt's length down each leg.
        Vec3 r = AlongLeg(s, Coco18.RHip, Coco18.RKnee, Coco18.RAnkle, reach);
        Vec3 l = AlongLeg(s, Coco18.LHip, Coco18.LKnee, Coco18.LAnkle, reach);
        Vec3 hem = (r + l) * 0.5;
        double hipsWidth = (s[Coco18.LHip] - s[Coco18.RHip]).Length;
        double buildWidth = 0.7 + 0.3 * look.Build;
        double topWide = 0.5 * hipsWidth + 0.06 * g, topDeep = 0.08 * g;
        double hemWide = Math.Max(topWide * (1.2 + 0.5 * look.LegLength), (r - l).Length / 2 + 0.06 * g), hemDeep = Math.Max(hemWide * 0.75, topDeep);

        // An elliptical cross-section: its 2D radius and depth depend on how the hips face the camera.
        (double topR, double topZ) = Project(hips, topWide, topDeep);
        (double hemR, double hemZ) = Project(hips, hemWide, hemDeep);
        Vec3 top = pelvis + hips.Up * (0.1 * unit);
        list.Add(new RoundCone(top, hem, topR, hemR, flatStart: true, flatEnd: true, depthScale: 0.5 * (topZ / topR + hemZ / hemR))
        { Part = BodyPart.Skirt, Surface = Surface.Legwear });

        // Fabric over each thigh, hanging straight down past a raised knee, so a lifted leg stays covered.
        foreach ((Coco18 hip, Coco18 knee) in (ReadOnlySpan<(Coco18, Coco18)>)[(Coco18.RHip, Coco18.RKnee), (Coco18.LHip, Coco18.LKnee)])
        {
            double thigh = (s[knee] - s[hip]).Length;
            double onThigh = Math.Min(reach, thigh);
            Vec3 end = Vec3.Lerp(s[hip], s[knee], onThigh / thigh);
            bool drape = reach > thigh + 0.02 * unit;
            // Just wider than the thigh and, at the hip, inside the skirt's main cone, so standing legs do not bulge it.
            double endRadius = 0.06 * g + 0.012 * g * onThigh / thigh;
            list.Add(new RoundCone(s[hip], end, 0.056 * g, endRadius, flatEnd: !drape)
            { Part = BodyPart.Skirt, Surface = Surface.Legwear });
            if (drape)
            {
                // The part of the skirt below a lifted knee hangs down from it; a straight leg needs none.
                double lifted = Math.Clamp(1 - (s[knee].Y - s[hip].Y) / thigh, 0, 1);
                double hang = (reach - thigh) * lifted;
                if (hang > 0.01 * unit)
                {
                    list.Add(new RoundCone(end, end + hips.Up * -hang, endRadius, endRadius * 1.15, flatEnd: true)
                    { Part = BodyPart.Skirt, Surface = Surface.Legwear });
                }
            }
        }
    }

    private static (double Radius, double Depth) Project(Frame3 frame, double wide, double deep) => (
        Math.Sqrt(Sq(wide * frame.Left.X) + Sq(deep * frame.Forward.X)),
        Math.Sqrt(Sq(wide * frame.Left.Z) + Sq(deep * frame.Forward.Z)));

    private static Vec3 AlongLeg(Skeleton s, Coco18 hip, Coco18 knee, Coco18 ankle, double reach)
    {
        double thigh = (s[knee] - s[hip]).Length;
        return reach <= thigh
            ? Vec3.Lerp(s[hip], s[knee], reach / thigh)
            : Vec3.Lerp(s[knee], s[ankle], Math.Min((reach - thigh) / Math.Max((s[ankle] - s[knee]).Length, 1e-9), 1));
    }

    private static double Sq(double v) => v * v;
}
