using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Geometry;

namespace VUnetStream.Synth.Body;

/// <summary>
/// Forward kinematics: bone lengths plus joint angles give a 3D skeleton standing on the floor.
/// The body turns about the vertical (yaw), so turning to profile or to the back swaps which side is
/// near the camera and makes limbs pass behind the torso.
/// </summary>
internal static class BodyKinematics
{
    // Foot and hand geometry in body units (before the person's height factor).
    internal const double HeelRadius = 0.024;
    internal const double ToeRadius = 0.019;
    private const double HandCenterOffset = 0.048;

    public static Skeleton Solve(BodyProportions body, BodyPose pose)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(pose);
        double h = body.Height;
        var p = new Vec3[Skeleton.PointCount];

        double yaw = Rad(pose.Yaw);
        var up = new Vec3(0, -1, 0);
        var forward = new Vec3(Math.Sin(yaw), 0, Math.Cos(yaw));
        var left = new Vec3(Math.Cos(yaw), 0, -Math.Sin(yaw));
        var hips = new Frame3(left, up, forward);

        // Spine: lean forward, bend sideways, then twist the shoulders about the spine.
        double lean = Rad(pose.Lean), side = Rad(pose.SideBend), twist = Rad(pose.Twist);
        Vec3 up1 = up * Math.Cos(lean) + forward * Math.Sin(lean);
        Vec3 forward1 = forward * Math.Cos(lean) - up * Math.Sin(lean);
        Vec3 spineUp = up1 * Math.Cos(side) + left * Math.Sin(side);
        Vec3 left2 = left * Math.Cos(side) - up1 * Math.Sin(side);
        Vec3 chestForward = forward1 * Math.Cos(twist) + left2 * Math.Sin(twist);
        Vec3 chestLeft = left2 * Math.Cos(twist) - forward1 * Math.Sin(twist);
        var chest = new Frame3(chestLeft, spineUp, chestForward);

        Vec3 pelvis = default;
        Vec3 neck = pelvis + spineUp * (body.TorsoLength * h);
        Set(p, SkeletonPoint.Pelvis, pelvis);
        Set(p, Coco18.Neck, neck);
        Set(p, Coco18.LShoulder, neck + chestLeft * (body.ShoulderWidth * h / 2));
        Set(p, Coco18.RShoulder, neck - chestLeft * (body.ShoulderWidth * h / 2));
        Set(p, Coco18.LHip, pelvis + left * (body.HipWidth * h / 2));
        Set(p, Coco18.RHip, pelvis - left * (body.HipWidth * h / 2));

        Frame3 head = HeadFrame(chest, pose);
        Vec3 headBase = neck + spineUp * (body.NeckLength * h);
        double headRadius = body.HeadRadius;
        Vec3 headCenter = headBase + head.Up * (0.95 * headRadius);
        Set(p, SkeletonPoint.HeadBase, headBase);
        Set(p, SkeletonPoint.HeadCenter, headCenter);
        bool[] faceVisible = PlaceFace(p, head, headCenter, headRadius);

        Vec3 rightHandFront = Arm(p, chest, -1, pose.RightArm, body, Coco18.RShoulder, Coco18.RElbow, Coco18.RWrist, SkeletonPoint.RHandCenter);
        Vec3 leftHandFront = Arm(p, chest, +1, pose.LeftArm, body, Coco18.LShoulder, Coco18.LElbow, Coco18.LWrist, SkeletonPoint.LHandCenter);
        Leg(p, hips, -1, pose.RightLeg, body, Coco18.RHip, Coco18.RKnee, Coco18.RAnkle, SkeletonPoint.RHeel, SkeletonPoint.RToe);
        Leg(p, hips, +1, pose.LeftLeg, body, Coco18.LHip, Coco18.LKnee, Coco18.LAnkle, SkeletonPoint.LHeel, SkeletonPoint.LToe);

        // Stand on the floor (y = 0): the lowest point of either shoe touches it, unless hopping.
        double bottom = Math.Max(
            Math.Max(Get(p, SkeletonPoint.RHeel).Y + HeelRadius * h, Get(p, SkeletonPoint.RToe).Y + ToeRadius * h),
            Math.Max(Get(p, SkeletonPoint.LHeel).Y + HeelRadius * h, Get(p, SkeletonPoint.LToe).Y + ToeRadius * h));
        var offset = new Vec3(pose.RootX, -bottom - pose.Hop * h, 0);
        for (int i = 0; i < p.Length; i++)
        {
            p[i] += offset;
        }

        return new Skeleton(p, faceVisible, hips, chest, head, rightHandFront, leftHandFront, unit: 1.0, bodyScale: h, floorY: 0);
    }

    private static Frame3 HeadFrame(Frame3 chest, BodyPose pose)
    {
        double yaw = Rad(pose.HeadYaw), pitch = Rad(pose.HeadPitch), roll = Rad(pose.HeadRoll);
        Vec3 f = chest.Forward * Math.Cos(yaw) + chest.Left * Math.Sin(yaw);
        Vec3 l = chest.Left * Math.Cos(yaw) - chest.Forward * Math.Sin(yaw);
        Vec3 f2 = f * Math.Cos(pitch) - chest.Up * Math.Sin(pitch);
        Vec3 u = chest.Up * Math.Cos(pitch) + f * Math.Sin(pitch);
        Vec3 u2 = u * Math.Cos(roll) + l * Math.Sin(roll);
        Vec3 l2 = l * Math.Cos(roll) - u * Math.Sin(roll);
        return new Frame3(l2, u2, f2);
    }

    /// <summary>Places nose, eyes and ears on the head and decides which of them face the camera.</summary>
    private static bool[] PlaceFace(Vec3[] p, Frame3 head, Vec3 center, double r)
    {
        double rx = r * HeadShape.WidthFactor, rz = r * HeadShape.DepthFactor;
        Vec3 OnSurface((double X, double Y, double Z) d) => center + head.Left * (rx * d.X) + head.Up * (r * d.Y) + head.Forward * (rz * d.Z);
        Vec3 Normal((double X, double Y, double Z) d) => (head.Left * (d.X / rx) + head.Up * (d.Y / r) + head.Forward * (d.Z / rz)).Normalized();

        (double X, double Y, double Z) leftEye = HeadShape.LeftEye, rightEye = (-leftEye.X, leftEye.Y, leftEye.Z);
        (double X, double Y, double Z) leftEar = HeadShape.LeftEar, rightEar = (-leftEar.X, leftEar.Y, leftEar.Z);
        Set(p, Coco18.Nose, center + head.Forward * (rz + HeadShape.NoseLength * r) + head.Up * (HeadShape.NoseHeight * r));
        Set(p, Coco18.LEye, OnSurface(leftEye));
        Set(p, Coco18.REye, OnSurface(rightEye));
        Set(p, Coco18.LEar, OnSurface(leftEar));
        Set(p, Coco18.REar, OnSurface(rightEar));

        // Thresholds on the surface normal's component towards the viewer (+z): the nose stays
        // visible in profile, an eye only while it faces the camera, an ear until the head hides it.
        var visible = new bool[5];
        visible[Skeleton.FaceIndex(Coco18.Nose)] = head.Forward.Z > -0.2;
        visible[Skeleton.FaceIndex(Coco18.REye)] = Normal(rightEye).Z > 0.05;
        visible[Skeleton.FaceIndex(Coco18.LEye)] = Normal(leftEye).Z > 0.05;
        visible[Skeleton.FaceIndex(Coco18.REar)] = Normal(rightEar).Z > -0.35;
        visible[Skeleton.FaceIndex(Coco18.LEar)] = Normal(leftEar).Z > -0.35;
        return visible;
    }

    /// <summary>
    /// The direction of a limb's first bone and the direction its joint bends towards ("front"),
    /// both turned by raising the limb in its plane and twisting it about itself.
    /// </summary>
    private static (Vec3 Dir, Vec3 Front) Orient(Frame3 frame, int side, LimbAngles angles)
    {
        double raise = Rad(angles.Raise), plane = Rad(angles.Plane), twist = Rad(angles.Twist);
        Vec3 down = -frame.Up;
        Vec3 planeDir = frame.Left * (side * Math.Cos(plane)) + frame.Forward * Math.Sin(plane);
        Vec3 dir = down * Math.Cos(raise) + planeDir * Math.Sin(raise);

        // Rotate the hanging limb's front (forward) by the same rotation (Rodrigues about down × planeDir).
        Vec3 axis = down.Cross(planeDir).Normalized();
        Vec3 f = frame.Forward;
        Vec3 front = f * Math.Cos(raise) + axis.Cross(f) * Math.Sin(raise) + axis * (axis.Dot(f) * (1 - Math.Cos(raise)));
        Vec3 outward = (dir.Cross(front) * side).Normalized();
        front = (front * Math.Cos(twist) + outward * Math.Sin(twist)).Normalized();
        return (dir, front);
    }

    private static Vec3 Arm(Vec3[] p, Frame3 chest, int side, LimbAngles angles, BodyProportions body,
        Coco18 shoulder, Coco18 elbow, Coco18 wrist, SkeletonPoint handCenter)
    {
        double h = body.Height, bend = Rad(angles.Bend);
        (Vec3 dir, Vec3 front) = Orient(chest, side, angles);
        Vec3 fore = dir * Math.Cos(bend) + front * Math.Sin(bend);
        Vec3 handFront = front * Math.Cos(bend) - dir * Math.Sin(bend);
        Vec3 e = Get(p, shoulder) + dir * (body.UpperArm * h);
        Vec3 w = e + fore * (body.Forearm * h);
        Set(p, elbow, e);
        Set(p, wrist, w);
        Set(p, handCenter, w + fore * (HandCenterOffset * h));
        return handFront;
    }

    private static void Leg(Vec3[] p, Frame3 hips, int side, LimbAngles angles, BodyProportions body,
        Coco18 hip, Coco18 knee, Coco18 ankle, SkeletonPoint heel, SkeletonPoint toe)
    {
        double h = body.Height, bend = Rad(angles.Bend);
        (Vec3 dir, Vec3 front) = Orient(hips, side, angles);

        // Knees bend backwards, so the shin turns away from the leg's front.
        Vec3 shin = dir * Math.Cos(bend) - front * Math.Sin(bend);
        Vec3 shinFront = front * Math.Cos(bend) + dir * Math.Sin(bend);
        Vec3 k = Get(p, hip) + dir * (body.Thigh * h);
        Vec3 a = k + shin * (body.Shin * h);
        Set(p, knee, k);
        Set(p, ankle, a);

        // The foot points along the shin's front, tipped a little down (more when the foot is lifted).
        double lift = Math.Clamp(Rad(angles.Raise) + bend * 0.5, 0, 1.5);
        double point = 0.14 + 0.35 * lift;
        Vec3 footDir = (shinFront * Math.Cos(point) + shin * Math.Sin(point)).Normalized();
        Set(p, heel, a + shin * (0.02 * h) - footDir * (0.03 * h));
        Set(p, toe, a + shin * (0.028 * h) + footDir * (0.1 * h));
    }

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    private static void Set(Vec3[] p, Coco18 j, Vec3 v) => p[(int)j] = v;

    private static void Set(Vec3[] p, SkeletonPoint j, Vec3 v) => p[(int)j] = v;

    private static Vec3 Get(Vec3[] p, Coco18 j) => p[(int)j];

    private static Vec3 Get(Vec3[] p, SkeletonPoint j) => p[(int)j];
}
