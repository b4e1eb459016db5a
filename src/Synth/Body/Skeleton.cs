using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Geometry;

namespace VUnetStream.Synth.Body;

/// <summary>Points of a posed skeleton: the 18 COCO joints (same numbers as <see cref="Coco18"/>) and helper points for drawing.</summary>
public enum SkeletonPoint
{
    Pelvis = 18,
    HeadCenter,
    HeadBase,
    RHandCenter,
    LHandCenter,
    RHeel,
    RToe,
    LHeel,
    LToe,
}

/// <summary>
/// A posed person's skeleton in 3D: in body units on a floor at y = 0 (from <see cref="BodyKinematics"/>),
/// or in image pixels after <see cref="Project"/> (x right, y down, z towards the viewer in pixels).
/// Orthographic projection keeps directions, so the frames are the same in both.
/// </summary>
public sealed class Skeleton
{
    public const int PointCount = (int)SkeletonPoint.LToe + 1;

    private readonly Vec3[] _points;
    private readonly bool[] _faceVisible;

    internal Skeleton(Vec3[] points, bool[] faceVisible, Frame3 hips, Frame3 chest, Frame3 head, Vec3 rightHandFront, Vec3 leftHandFront,
        double unit, double bodyScale, double floorY)
    {
        _points = points;
        _faceVisible = faceVisible;
        Hips = hips;
        Chest = chest;
        Head = head;
        RightHandFront = rightHandFront;
        LeftHandFront = leftHandFront;
        Unit = unit;
        BodyScale = bodyScale;
        FloorY = floorY;
    }

    public Vec3 this[Coco18 joint] => _points[(int)joint];

    public Vec3 this[SkeletonPoint point] => _points[(int)point];

    /// <summary>Frame of the pelvis (turns with the body only).</summary>
    public Frame3 Hips { get; }

    /// <summary>Frame of the chest (follows lean, side bend and twist).</summary>
    public Frame3 Chest { get; }

    public Frame3 Head { get; }

    /// <summary>The direction the palm's edge points (the hand's width axis).</summary>
    public Vec3 RightHandFront { get; }

    public Vec3 LeftHandFront { get; }

    /// <summary>Length of one body unit (an average standing height): 1 in the world, pixels after projection.</summary>
    public double Unit { get; }

    /// <summary>The person's <see cref="BodyProportions.Height"/>; limb girths scale with it.</summary>
    public double BodyScale { get; }

    /// <summary>The y coordinate of the floor.</summary>
    public double FloorY { get; }

    /// <summary>Vertical radius of the head in these coordinates.</summary>
    public double HeadRadius => (this[SkeletonPoint.HeadCenter] - this[SkeletonPoint.HeadBase]).Length / 0.95;

    /// <summary>Whether a face keypoint faces the camera enough to be seen (always true for body joints).</summary>
    public bool FacesCamera(Coco18 joint) => (joint < Coco18.REye && joint != Coco18.Nose) || _faceVisible[FaceIndex(joint)];

    /// <summary>Maps every point to image pixels.</summary>
    public Skeleton Project(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        Vec3[] projected = _points.Select(camera.Project).ToArray();
        return new Skeleton(projected, _faceVisible, Hips, Chest, Head, RightHandFront, LeftHandFront,
            Unit * camera.Scale, BodyScale, camera.Project(new Vec3(0, FloorY, 0)).Y);
    }

    /// <summary>
    /// The COCO-18 keypoints of an image of the given size: a joint is missing when it is outside the
    /// image or is a face point turned away from the camera. Self-occluded joints stay present here.
    /// </summary>
    public PersonPose Keypoints(int width, int height)
    {
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        for (int j = 0; j < joints.Length; j++)
        {
            Vec3 p = _points[j];
            bool inside = p.X >= 0 && p.Y >= 0 && p.X <= width - 1 && p.Y <= height - 1;
            joints[j] = inside && FacesCamera((Coco18)j) ? new Keypoint((float)p.X, (float)p.Y, 1f) : Keypoint.Missing;
        }

        return new PersonPose(joints);
    }

    /// <summary>A box that contains the whole drawn person (hair, hands and shoes included).</summary>
    public (double MinX, double MinY, double MaxX, double MaxY) Extent()
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        double pad = 0.045 * Unit * BodyScale;
        foreach (Vec3 p in _points)
        {
            minX = Math.Min(minX, p.X - pad);
            maxX = Math.Max(maxX, p.X + pad);
            minY = Math.Min(minY, p.Y - pad);
            maxY = Math.Max(maxY, p.Y + pad);
        }

        // The head with a generous allowance for hair volume.
        Vec3 c = this[SkeletonPoint.HeadCenter];
        double r = HeadRadius * 1.3;
        return (Math.Min(minX, c.X - r), Math.Min(minY, c.Y - r), Math.Max(maxX, c.X + r), Math.Max(maxY, c.Y + r));
    }

    internal static int FaceIndex(Coco18 joint) => joint == Coco18.Nose ? 0 : joint - Coco18.REye + 1;
}
